import { describe, expect, it } from 'vitest';
import type { Scene } from '../../src/writer/script.js';
import { stageScene } from '../../src/writer/stage.js';

const scene = (narration: string, characters: string[], dialogue: Scene['dialogue'] = [], setting = 'the living room'): Scene => ({
  beat: 'escalation',
  setting,
  characters: characters.map((name) => ({ name, emotion: 'shocked' })),
  narration,
  dialogue,
  seconds: 5,
});

const staged = (s: Scene) => Object.fromEntries(stageScene(s).characters.map((c) => [c.name, c]));

describe('staging from the words of a scene', () => {
  it('gives each character the action its own clause says, and leaves the others standing', () => {
    const c = staged(scene('Rex drops to one knee and opens a tiny box. Luna gasps.', ['Rex', 'Luna']));
    expect(c.Rex).toMatchObject({ action: 'kneel', holding: 'ring box' });
    expect(c.Luna).toMatchObject({ action: 'stand', holding: null });
  });

  it('follows a sentence that names nobody back to the one before it', () => {
    const c = staged(scene('Mochi finds the envelope under the mat. She reads it twice, paws shaking.', ['Mochi', 'Pip']));
    expect(c.Mochi).toMatchObject({ action: 'read letter', holding: 'letter' });
    expect(c.Pip!.action).toBe('stand');
  });

  it('reads the genre’s big moments', () => {
    const cases: [string, string][] = [
      ['Luna slaps Rex across the face.', 'slap'],
      ['Luna storms out and slams the door.', 'storm out'],
      ['Luna bursts in, soaked from the rain.', 'enter'],
      ['Luna arrives at last.', 'enter'],
      ['Luna overhears every word from behind the door.', 'eavesdrop'],
      ['Luna points at the cake: it was you.', 'point'],
      ['Luna collapses on the floor and sobs.', 'collapse'],
      ['Luna turns away from the window.', 'turn away'],
      ['Luna lies still in the hospital bed.', 'lie in bed'],
      ['Luna hugs him tight.', 'hug'],
      ['Luna picks up the phone and listens.', 'phone'],
      ['Luna sits down at the table.', 'sit'],
    ];
    for (const [text, action] of cases) expect(staged(scene(text, ['Luna'])).Luna!.action, text).toBe(action);
  });

  it('dresses the patient, the bride, the chef and the detective', () => {
    expect(staged(scene('Mochi lies in a hospital bed, pale.', ['Mochi'], [], 'the hospital ward')).Mochi!.wardrobe).toEqual(['hospital gown']);
    expect(staged(scene('Bella, the bride, waits at the altar.', ['Bella'])).Bella!.wardrobe).toEqual(['wedding dress']);
    const roles = new Map([['Rex', 'gruff detective German Shepherd']]);
    expect(stageScene(scene('Rex looks around the kitchen.', ['Rex']), { roles }).characters[0]!.wardrobe).toEqual(['police badge']);
  });

  it('puts objects the scene names in free paws or on the floor', () => {
    const s = stageScene(scene('Pip hides a vial of poison behind the birthday cake while Coco pours the wine.', ['Pip', 'Coco']));
    const byName = Object.fromEntries(s.characters.map((c) => [c.name, c]));
    expect(byName.Pip!.holding).toBe('poison');
    expect(byName.Coco!.holding).toBe('glass');
    expect(s.props).toEqual(['cake']);
  });

  it('gives a word to the nearest character before it, the passive to the one who does it, a hug to both', () => {
    expect(staged(scene('Fifi, the surgeon, falls for Buster, who lies in a coma.', ['Fifi', 'Buster']))).toMatchObject({ Fifi: { action: 'stand' }, Buster: { action: 'sleep' } });
    expect(staged(scene('Rex is slapped by Luna.', ['Rex', 'Luna']))).toMatchObject({ Rex: { action: 'stand' }, Luna: { action: 'slap' } });
    expect(staged(scene('Rex and Luna embrace.', ['Rex', 'Luna']))).toMatchObject({ Rex: { action: 'hug' }, Luna: { action: 'hug' } });
    expect(staged(scene('Daisy, the corgi bride, learns that her groom lied.', ['Daisy'])).Daisy!.wardrobe).toEqual(['wedding dress']);
  });

  it('reads names whole: never a part of another name, never as a word, never ending a sentence', () => {
    expect(staged(scene('Maxine kneels with a ring.', ['Max', 'Maxine']))).toMatchObject({ Max: { action: 'stand' }, Maxine: { action: 'kneel' } });
    expect(staged(scene('Dr. Paws reads the letter aloud.', ['Dr. Paws']))['Dr. Paws']).toMatchObject({ action: 'read letter' });
    expect(staged(scene('While Luna sleeps, Max kneels.', ['Luna', 'Max']))).toMatchObject({ Luna: { action: 'sleep' }, Max: { action: 'kneel' } });
    expect(staged(scene('Hugo waits for Cash by the door.', ['Hugo', 'Cash']))).toMatchObject({ Hugo: { action: 'stand', holding: null }, Cash: { action: 'stand', holding: null } });
    // One ring box: the one who kneels has it.
    expect(staged(scene('Luna stares at the ring. Max drops to one knee.', ['Luna', 'Max']))).toMatchObject({ Luna: { holding: null }, Max: { action: 'kneel', holding: 'ring box' } });
  });

  it('stages what happens, not what is remembered or said in passing', () => {
    const c = staged(scene('For Polly, one memory still burns: Columbo found the poison vial. It points at Velvet. The doorbell rings.', ['Polly', 'Columbo', 'Velvet']));
    expect(Object.values(c).map((x) => [x.action, x.holding])).toEqual([
      ['stand', null],
      ['stand', null],
      ['stand', null],
    ]);
    expect(staged(scene('Rex walks through the glass door, her life on the line, everyone present.', ['Rex'])).Rex).toMatchObject({ action: 'stand', holding: null });
  });

  it('puts a patient in a hospital bed, and points an angry speaker at the one they face', () => {
    const conditions = new Map([['Polly', 'in hospital']]);
    const s = stageScene(scene('Polly looks up as Columbo walks in.', ['Polly', 'Columbo'], [{ speaker: 'Columbo', line: 'Tell me the truth.' }], 'the hospital room'), { conditions });
    expect(s.characters[0]).toMatchObject({ action: 'lie in bed', wardrobe: ['hospital gown'], holding: null });
    const angry = scene('Columbo waits.', ['Columbo', 'Polly'], [{ speaker: 'Columbo', line: 'Enough games.' }]);
    angry.characters[0]!.emotion = 'angry';
    expect(stageScene(angry).characters.map((x) => x.action)).toEqual(['point', 'stand']);
  });

  it('lets the words win over the story, and stages a line only for what its speaker does', () => {
    const conditions = new Map([['Coco', 'in hospital']]);
    const walking = stageScene(scene('Pip has recovered at last, and Coco walks alongside, matching every careful step.', ['Pip', 'Coco'], [], 'the hospital room'), { conditions });
    expect(walking.characters.find((c) => c.name === 'Coco')!.action).not.toBe('lie in bed');
    const quarrel = scene('Rex reaches the door.', ['Coco', 'Rex'], [{ speaker: 'Coco', line: "Don't you dare walk away from me, Rex." }]);
    expect(staged(quarrel).Coco!.action).toBe('stand');
    expect(staged(scene('Coco laughs first, making a fool of Rex, the police dog.', ['Coco', 'Rex']))).toMatchObject({ Coco: { wardrobe: [] }, Rex: { wardrobe: ['police badge'] } });
    expect(staged(scene('One thought keeps ticking: Rex ruined the poison vial.', ['Rex'])).Rex).toMatchObject({ action: 'stand', holding: null });
  });

  it('keeps staging a writer already chose, and never names a prop twice', () => {
    const s = scene('Rex reads the letter. Luna reads the letter too.', ['Rex', 'Luna']);
    s.characters[1]!.action = 'phone';
    const c = Object.fromEntries(stageScene(s).characters.map((x) => [x.name, x]));
    expect(c.Luna!.action).toBe('phone');
    expect(c.Luna!.holding).toBeUndefined();
    expect(c.Rex).toMatchObject({ action: 'read letter', holding: 'letter' });
  });
});

describe('staging a scene written in Chinese', () => {
  it('reads the big moments without spaces between words, each to the name before it', () => {
    const cases: [string, string][] = [
      ['团子狠狠扇了豆豆一巴掌。', 'slap'],
      ['团子单膝跪下，掏出戒指。', 'kneel'],
      ['团子摔门而去，夺门而出。', 'storm out'],
      ['团子推门而入，浑身湿透。', 'enter'],
      ['团子躲在门后偷听。', 'eavesdrop'],
      ['团子指着蛋糕：就是你！', 'point'],
      ['团子瘫倒在地上，放声大哭。', 'collapse'],
      ['团子背过身去，不肯看他。', 'turn away'],
      ['团子紧紧抱住了豆豆。', 'hug'],
      ['团子拆开信封，手在发抖。', 'read letter'],
    ];
    for (const [text, action] of cases) {
      const c = staged(scene(text, ['团子', '豆豆'], [], '客厅'));
      expect(c['团子']!.action, text).toBe(action);
    }
  });

  it('gives a passive with 被 to the one after it, and a hug to everyone it names', () => {
    const slapped = staged(scene('豆豆被团子扇了一巴掌。', ['豆豆', '团子'], [], '客厅'));
    expect(slapped['团子']!.action).toBe('slap');
    expect(slapped['豆豆']!.action).not.toBe('slap');
    const hug = staged(scene('豆豆和团子紧紧相拥。', ['豆豆', '团子'], [], '客厅'));
    expect([hug['豆豆']!.action, hug['团子']!.action]).toEqual(['hug', 'hug']);
  });

  it('dresses the bride and the chef, hands out props, and keeps memories off screen', () => {
    const c = staged(scene('新娘团子捧着花束走向礼堂。大厨豆豆端出蛋糕。', ['团子', '豆豆'], [], '婚礼教堂'));
    expect(c['团子']!.wardrobe).toContain('wedding dress');
    expect(c['团子']!.holding).toBe('bouquet');
    expect(c['豆豆']!.wardrobe).toContain("chef's hat");
    const memory = staged(scene('豆豆想起那天团子扇了他一巴掌。', ['豆豆', '团子'], [], '客厅'));
    expect(memory['团子']!.action).toBe('stand');
  });

  it('lays a patient in bed in a hospital, and reads “嫁给我” in their own line', () => {
    const s = stageScene(scene('病房里很安静。', ['豆豆', '团子'], [{ speaker: '团子', line: '豆豆，嫁给我吧！' }], '医院病房'), {
      conditions: new Map([['豆豆', 'in hospital']]),
    });
    const c = Object.fromEntries(s.characters.map((x) => [x.name, x]));
    expect(c['豆豆']).toMatchObject({ action: 'lie in bed' });
    expect(c['豆豆']!.wardrobe).toContain('hospital gown');
    expect(c['团子']!.action).toBe('kneel');
  });
});

describe('someone unconscious', () => {
  it('sleeps, eyes shut, wherever the scene is; a patient who is awake lies in bed in hospital', () => {
    const s = stageScene(scene('The room is quiet.', ['Luna', 'Max'], [], 'the apartment'), { conditions: new Map([['Luna', 'unconscious']]) });
    expect(s.characters[0]!.action).toBe('sleep');
    const h = stageScene(scene('The ward is quiet.', ['Luna', 'Max'], [], 'the hospital ward'), { conditions: new Map([['Luna', 'in hospital']]) });
    expect(h.characters[0]!.action).toBe('lie in bed');
  });
});
