import { createCanvas, loadImage, type Canvas } from '@napi-rs/canvas';
import type OpenAI from 'openai';
import type { Action } from '../../writer/staging.js';
import type { ShotSpec } from './shots.js';

/** Each action in a prompt's words. */
const ACTION_WORDS: Record<Action, string> = {
  stand: 'standing',
  sit: 'sitting',
  'lie in bed': 'lying in bed',
  sleep: 'asleep in bed, eyes closed',
  hug: 'hugging',
  point: 'pointing accusingly',
  'turn away': 'turned away, back to us',
  'storm out': 'storming out',
  enter: 'walking in',
  collapse: 'collapsed on the floor in tears',
  kneel: 'kneeling on one knee',
  slap: 'slapping',
  eavesdrop: 'eavesdropping from a doorway',
  'read letter': 'reading a letter',
  phone: 'on the phone',
};

/**
 * Scene art from OpenAI images, prompted with the character sheet (the same words for a character
 * in every shot, so it stays recognisable) and the scene. The caller caches each picture and falls
 * back to the procedural art when this throws.
 */
export function scenePrompt(shot: ShotSpec, seriesTitle: string): string {
  const who = shot.characters
    .map((c) => {
      const look = c.look;
      const wear = look.accessory === 'none' ? '' : `, wearing ${look.accessory === 'pearls' ? 'a pearl necklace' : look.accessory === 'glasses' ? 'glasses' : `a ${look.accessory}`}`;
      const dressed = c.wardrobe?.length ? `, in a ${c.wardrobe.join(' and a ')}` : '';
      const doing = c.action && c.action !== 'stand' ? `, ${ACTION_WORDS[c.action]}` : '';
      const holding = c.holding ? `, holding a ${c.holding}` : '';
      return `${look.name}, an anthropomorphised ${look.breed.id.replace('-', ' ')} (${look.kind}) with ${look.colours.fur} fur and ${look.accent} accents${wear}${dressed}, looking ${c.emotion}${doing}${holding}`;
    })
    .join('; ');

  return [
    `A still from "${seriesTitle}", a dramatic soap opera starring cartoon animals.`,
    `Setting: ${shot.setting}.`,
    `On screen: ${who}.`,
    ...(shot.props?.length ? [`In the scene: ${shot.props.join(', ')}.`] : []),
    'Vertical 9:16 frame, characters in the middle third, the lower quarter kept plain for captions.',
    'Bold clean cartoon style, cinematic lighting, expressive faces, no text, no letters, no watermark.',
  ].join(' ');
}

export async function openAiShot(client: OpenAI, model: string, prompt: string): Promise<Buffer> {
  const res = await client.images.generate({ model, prompt, size: '1024x1536', n: 1 });
  const b64 = res.data?.[0]?.b64_json;
  if (!b64) throw new Error('the image service returned no image');
  return Buffer.from(b64, 'base64');
}

/** Fills a w×h canvas with the picture, cropping to keep its centre (cover). */
/**
 * A picture filling the frame, framed as the shot asks: one picture is made per scene (its
 * cuts differ only in framing), so a two-shot comes a little closer and a close-up much closer,
 * on the upper middle where the faces are.
 */
export async function coverCanvas(image: Buffer, w: number, h: number, framing: ShotSpec['framing'] = 'wide'): Promise<Canvas> {
  const img = await loadImage(image);
  const canvas = createCanvas(w, h);
  const zoom = framing === 'close' ? 1.7 : framing === 'two' ? 1.15 : 1;
  const scale = Math.max(w / img.width, h / img.height) * zoom;
  const dw = img.width * scale;
  const dh = img.height * scale;
  canvas.getContext('2d').drawImage(img, (w - dw) / 2, framing === 'close' ? -dh * 0.12 : (h - dh) / 2, dw, dh);
  return canvas;
}
