import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for an OpenAI-compatible server (chat completions and moderations), scripted
 * per request: answer with a body, a status, hang, or trickle a body that never ends.
 */
export type FakeReply = { content: string } | { status: number; body: unknown; headers?: Record<string, string> } | { hang: true } | { trickle: true };

export interface RecordedRequest {
  path: string;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type: string };
    max_tokens?: number;
    max_completion_tokens?: number;
    input?: string;
    voice?: string;
    prompt?: string;
    size?: string;
  };
}

export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  /** Replies for chat completions, in order; the last one repeats when the list runs out. */
  chat: (FakeReply | ((req: RecordedRequest) => FakeReply))[] = [];
  moderation: FakeReply | ((req: RecordedRequest) => FakeReply) = { status: 404, body: { error: { message: 'not found' } } };
  /** Answers to /images/generations: PNG bytes (sent as b64_json), or a failure. */
  images: ((req: RecordedRequest) => Buffer | FakeReply) | undefined;
  /** Answers to /audio/speech: WAV bytes, or a failure. */
  speech: ((req: RecordedRequest) => Buffer | FakeReply) | undefined;
  private server = http.createServer((req, res) => void this.handle(req, res));
  private open = new Set<http.ServerResponse>();
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  /** Stops the server; a second call (a test stopped it, then its fixture does) does nothing. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const recorded: RecordedRequest = { path: req.url ?? '', body: raw ? JSON.parse(raw) : {} };
    this.requests.push(recorded);
    let reply: FakeReply;
    if (recorded.path.endsWith('/chat/completions')) {
      const next = this.chat.length > 1 ? this.chat.shift()! : this.chat[0];
      if (!next) throw new Error('FakeOpenAi: no chat reply scripted');
      reply = typeof next === 'function' ? next(recorded) : next;
    } else if (recorded.path.endsWith('/images/generations') && this.images) {
      const answer = this.images(recorded);
      reply = Buffer.isBuffer(answer) ? { status: 200, body: { created: 0, data: [{ b64_json: answer.toString('base64') }] } } : answer;
    } else if (recorded.path.endsWith('/audio/speech') && this.speech) {
      const answer = this.speech(recorded);
      if (Buffer.isBuffer(answer)) {
        res.writeHead(200, { 'content-type': 'audio/wav' });
        res.end(answer);
        return;
      }
      reply = answer;
    } else if (recorded.path.endsWith('/moderations')) {
      reply = typeof this.moderation === 'function' ? this.moderation(recorded) : this.moderation;
    } else {
      reply = { status: 404, body: { error: { message: `no route ${recorded.path}` } } };
    }
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    if ('hang' in reply) return;
    if ('trickle' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"x","choices":[');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if ('content' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${this.requests.length}`,
          object: 'chat.completion',
          created: 0,
          model: recorded.body.model,
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content } }],
        }),
      );
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }
}

// ---- a model that writes the story it is asked for -------------------------------------------

/** The JSON value inside the first <data>…</data> of `text` (or of each, with `all`). */
function dataIn(text: string): unknown {
  const m = /<data>(.*?)<\/data>/.exec(text);
  return m ? JSON.parse(m[1]!) : undefined;
}
function allData(text: string): unknown[] {
  return [...text.matchAll(/<data>(.*?)<\/data>/g)].map((m) => JSON.parse(m[1]!));
}
function section(lines: string[], header: RegExp): string[] {
  const at = lines.findIndex((l) => header.test(l));
  if (at < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('- ')) break;
    out.push(l.slice(2));
  }
  return out;
}

interface Op {
  kind: string;
  actor: string;
  target: string | null;
  object: string | null;
}

/**
 * What a careful model answers to the writer's prompt (src/writer/prompt.ts), read from the
 * prompt alone: the episode it asks for, its twist paid off in the first scene by its own persons
 * (and in its own words), the last cliffhanger taken up, nobody out cold on screen, and a ballot
 * of three kinds drawn from the legal options the prompt lists. Every sentence carries the
 * episode number, so nothing is said twice in a series. Tests change it to break one rule.
 */
export function storyReply(prompt: string): {
  title: string;
  hook: string;
  previously: string | null;
  scenes: { beat: string; setting: string; characters: { name: string; emotion: string }[]; narration: string; dialogue: { speaker: string; line: string }[] }[];
  cliffhanger: { text: string; who: string[]; place: string; thread: string | null };
  twists: (Op & { label: string; teaser: string })[];
  changes: Record<string, unknown>[];
  summary: string;
} {
  const lines = prompt.split('\n');
  const n = Number(/Episode (\d+)\./.exec(prompt)![1]);
  const cast = section(lines, /^Cast \(use these names exactly\):/).map((l) => l.slice(0, l.indexOf(':')));
  const standing = section(lines, /^Where everyone stands:/);
  const silent = new Set(standing.filter((l) => l.includes('cannot speak')).map((l) => l.slice(0, l.indexOf(':'))));
  const awake = cast.filter((c) => !silent.has(c));
  const places = allData(lines.find((l) => l.startsWith('Places (scene settings):'))!) as string[];
  const central = /^Central question: .*\(thread (t\d+)\)$/m.exec(prompt)?.[1] ?? null;
  const cliffAt = lines.findIndex((l) => l.startsWith('THE LAST CLIFFHANGER'));
  const cliffPlace = cliffAt >= 0 ? (dataIn(lines[cliffAt + 1]!.split('place: ')[1]!) as string) : null;
  const opLine = lines.find((l) => l.startsWith('Operation: '));
  const op = opLine ? (dataIn(opLine) as Op) : null;
  const label = op ? (dataIn(lines.find((l) => l.startsWith('Twist: '))!) as string) : null;
  const wordsLine = lines.find((l) => l.startsWith("The audience's own words"));
  const words = wordsLine ? (dataIn(wordsLine) as string) : null;
  const candidates = section(lines, /^Options that could happen now/).map((l) => dataIn(l) as Op);

  const persons = op ? [op.actor, ...(op.target && cast.includes(op.target) ? [op.target] : [])] : [];
  const show = [...new Set([...persons.filter((p) => awake.includes(p)), ...awake])].slice(0, persons.length > 1 ? 2 : 1);
  const a = show[0]!;
  const b = show[1] ?? awake.find((x) => x !== a) ?? a;
  const first = cliffPlace ?? places[0]!;
  const rest = places.filter((p) => p !== first);
  const second = rest[0] ?? first;
  const third = rest[1] ?? second;
  const to = (speaker: string) => (b !== speaker ? b : a !== speaker ? a : 'friend');
  const payoff = op
    ? `On day ${n}, ${op.actor} finally acts${op.target ? ` and ${op.target} feels every bit of it` : ''}, exactly as everyone feared.`
    : `On day ${n}, ${awake.join(' and ')} meet for the first time, and a long story quietly begins.`;
  const scenes = [
    {
      beat: 'hook',
      setting: first,
      characters: show.map((name) => ({ name, emotion: 'shocked' })),
      narration: `${payoff}${words ? ` On day ${n} everyone hears it plainly: ${words}.` : ''} Nobody moves for a long moment on day ${n}.`,
      dialogue: [{ speaker: a, line: `Day ${n}, ${to(a)}, and nothing will ever be the same.` }],
    },
    {
      beat: 'payoff',
      setting: second,
      characters: [{ name: a, emotion: 'angry' }, ...(b !== a ? [{ name: b, emotion: 'sad' }] : [])],
      narration: `The consequences of day ${n} spread quickly, and every old loyalty is suddenly tested.`,
      dialogue: [{ speaker: a, line: `You knew about day ${n} all along, ${to(a)}.` }, ...(b !== a ? [{ speaker: b, line: `I only wanted to protect you on day ${n}.` }] : [])],
    },
    {
      beat: 'turn',
      setting: third,
      characters: [{ name: b, emotion: 'scared' }],
      narration: `Alone at last on day ${n}, ${b} notices a detail that changes the whole picture.`,
      dialogue: [{ speaker: b, line: `This detail from day ${n} does not fit at all.` }],
    },
    {
      beat: 'cliffhanger',
      setting: second,
      characters: [{ name: a, emotion: 'scared' }],
      narration: `Late on day ${n}, ${a} hears footsteps approaching in the dark, slow and deliberate.`,
      dialogue: [{ speaker: a, line: `Who is out there tonight, on day ${n}?` }],
    },
  ];
  const kinds = new Set<string>();
  const ballot = candidates.filter((c) => !kinds.has(c.kind) && kinds.add(c.kind)).slice(0, 3);
  return {
    title: `Day ${n}`,
    hook: `Day ${n}: ${a} cannot look away.`,
    previously: n > 1 && label ? `Previously: ${label}.`.slice(0, 200) : null,
    scenes,
    cliffhanger: { text: `Late on day ${n}, ${a} hears footsteps approaching in the dark.`, who: [a], place: second, thread: central },
    twists: ballot.map((c) => ({ ...c, label: `${c.actor} — ${c.kind}${c.target ? ` — ${c.target}` : ''}`, teaser: `Day ${n + 1} could turn on this.` })),
    changes: central ? [{ type: 'clue', scene: 3, thread: central, clue: `On day ${n}, a detail that does not fit turned up.` }] : [],
    summary: `Day ${n}: ${op ? `${op.actor} ${op.kind}` : 'the story began'}.`,
  };
}

/** A chat reply from storyReply, for FakeOpenAi.chat. */
export function storyModel(req: RecordedRequest): FakeReply {
  const user = req.body.messages!.find((m) => m.role === 'user')!.content;
  return { content: JSON.stringify(storyReply(user)) };
}
