/**
 * A Map that forgets its oldest entry once it holds `max`: for caches and remembered ids that
 * must not grow without end under a flood of chats, voters or addresses.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value as K);
    return this;
  }
}
