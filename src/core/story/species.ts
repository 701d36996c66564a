import { listText, translate } from '../../i18n/i18n.js';
import { SPECIES_NAMES } from './species-names.js';

/**
 * Each kind of animal as data: what people call it, its body (so a parrot never has paws), its
 * gestures, its usual tempers, its voice and its size on screen. One row a kind; the renderer
 * draws each kind by its id (src/render/art/kinds.ts). Anything unknown is spoken of as a
 * generic pet and drawn as a stand-in kind, and the person who typed it is told which.
 */

export interface Kind {
  id: string;
  /** The plain noun: "dog", "parrot". */
  noun: string;
  /** Other nouns a premise may call it by ("puppy", "kitten"). */
  alsoCalled?: readonly string[];
  /** Words in a species typed in chat that mean this kind (whole words, lower case). */
  words: readonly string[];
  /** Words for animals we do not draw, shown as this kind instead (a horse as a pig): the user is told. */
  near?: readonly string[];
  /** Body words narration may use, e.g. paws, tail, whiskers, wings, beak. */
  body: { hands: string; tail: string | null; face: string; ears: string; extra: readonly string[] };
  /** Little gestures for narration, written to follow the name: "'s ears flatten" or " hisses". */
  tells: { nervous: readonly string[]; angry: readonly string[]; sad: readonly string[]; glad: readonly string[] };
  /** Tempers the genre gives this kind when its personality says none ("the anxious hamster"). */
  tempers: readonly string[];
  /** The offline (animalese) voice: base pitch in Hz, 0..1 brightness, seconds a syllable. */
  voice: { pitch: number; brightness: number; syllable: number };
  /** Height on screen against a dog's (1). */
  size: number;
  /** The kind in Chinese: its nouns, the Chinese names of it and its breeds (→ the English words above), body, gestures, tempers. */
  zh?: KindWordsZh;
}

/**
 * A kind's words in Chinese. `names` maps what people type ("柴犬", "橘猫") to the English words the
 * rest of the table knows ("shiba inu", "ginger cat"), so a Chinese species finds its kind and breed.
 */
export interface KindWordsZh {
  noun: string;
  /** Nouns a Chinese premise calls any animal of this kind by ("狗", "小狗"). */
  words: readonly string[];
  names: Readonly<Record<string, string>>;
  body: { hands: string; face: string; ears: string };
  /** Written to follow the name directly: "的尾巴垂了下去", "哈了一声". */
  tells: { nervous: readonly string[]; angry: readonly string[]; sad: readonly string[]; glad: readonly string[] };
  tempers: readonly string[];
}

const DOG_BREEDS = [
  'shiba',
  'inu',
  'akita',
  'retriever',
  'golden',
  'labrador',
  'lab',
  'corgi',
  'husky',
  'malamute',
  'dachshund',
  'poodle',
  'pug',
  'bulldog',
  'boxer',
  'shepherd',
  'collie',
  'beagle',
  'chihuahua',
  'dalmatian',
  'pomeranian',
  'samoyed',
  'terrier',
  'spaniel',
  'greyhound',
  'doberman',
  'rottweiler',
  'schnauzer',
  'bloodhound',
  'basset',
  'hound',
  'mastiff',
  'sheepdog',
  'pup',
  'puppy',
  'dog',
  'mutt',
  'doggo',
  'maltese',
  'dane',
  'bernard',
  'newfoundland',
  'doodle',
  'goldendoodle',
  'labradoodle',
  'cockapoo',
  'maltipoo',
  'doxie',
  'frenchie',
  'papillon',
  'pinscher',
  'westie',
  'scottie',
  'aussie',
  'spitz',
  'weimaraner',
  'vizsla',
  'setter',
  'pekingese',
  'havanese',
  'cavalier',
  'bichon',
  'shih',
  'tzu',
  'yorkie',
  'yorkshire',
  'malinois',
  'sausage',
  'wiener',
];
const CAT_BREEDS = [
  'cat',
  'kitten',
  'kitty',
  'tabby',
  'persian',
  'siamese',
  'ragdoll',
  'sphynx',
  'bengal',
  'calico',
  'tuxedo',
  'coon',
  'birman',
  'burmese',
  'abyssinian',
  'british',
  'shorthair',
  'longhair',
  'tomcat',
  'moggy',
  'maine',
  'ginger',
  'marmalade',
  'scottish',
  'fold',
  'bombay',
  'tortie',
  'tortoiseshell',
  'himalayan',
  'russian',
  'manx',
  'savannah',
  'ocelot',
];

export const KINDS: readonly Kind[] = [
  {
    id: 'dog',
    noun: 'dog',
    alsoCalled: ['puppy', 'pup'],
    words: DOG_BREEDS,
    near: ['wolf', 'coyote', 'jackal', 'dingo', 'hyena'],
    body: { hands: 'paws', tail: 'tail', face: 'muzzle', ears: 'ears', extra: ['nose', 'collar'] },
    tells: {
      nervous: ["'s tail sinks low", ' licks a nervous nose twice', ' paces in a tight circle'],
      angry: [' bares every tooth', ' growls low in the chest', ' plants all four paws'],
      sad: ["'s ears droop", ' rests a chin on both paws', ' whimpers without meaning to'],
      glad: [' wags from nose to tail', "'s ears prick up", ' bounces on both front paws'],
    },
    tempers: ['loyal', 'earnest', 'eager'],
    zh: {
      noun: '狗',
      words: ['狗', '小狗', '狗狗', '犬', '汪星人'],
      names: {
        柴犬: 'shiba inu',
        秋田: 'akita',
        秋田犬: 'akita',
        金毛: 'golden retriever',
        金毛寻回犬: 'golden retriever',
        拉布拉多: 'labrador',
        柯基: 'corgi',
        哈士奇: 'husky',
        二哈: 'husky',
        阿拉斯加: 'malamute',
        腊肠: 'dachshund',
        腊肠犬: 'dachshund',
        贵宾: 'poodle',
        泰迪: 'poodle',
        巴哥: 'pug',
        斗牛犬: 'bulldog',
        法斗: 'frenchie',
        德牧: 'german shepherd',
        牧羊犬: 'sheepdog',
        边牧: 'border collie',
        比格: 'beagle',
        比格犬: 'beagle',
        吉娃娃: 'chihuahua',
        斑点狗: 'dalmatian',
        大麦町: 'dalmatian',
        博美: 'pomeranian',
        萨摩耶: 'samoyed',
        梗犬: 'terrier',
        雪纳瑞: 'schnauzer',
        杜宾: 'doberman',
        罗威纳: 'rottweiler',
        大丹: 'great dane',
        大丹犬: 'great dane',
        圣伯纳: 'bernard',
        马尔济斯: 'maltese',
        比熊: 'bichon',
        西施犬: 'shih tzu',
        约克夏: 'yorkshire',
        中华田园犬: 'mutt',
        土狗: 'mutt',
        警犬: 'german shepherd',
        狗: 'dog',
        犬: 'dog',
        小狗: 'puppy',
        狗狗: 'dog',
        汪星人: 'dog',
      },
      body: { hands: '爪子', face: '鼻子', ears: '耳朵' },
      tells: {
        nervous: ['的尾巴悄悄垂了下去', '紧张地舔了两下鼻子', '原地转了一个小圈'],
        angry: ['龇出了所有的牙', '喉咙里滚出一声低吼', '四只爪子死死扣住地面'],
        sad: ['的耳朵耷拉下来', '把下巴搁在两只爪子上', '忍不住呜咽了一声'],
        glad: ['从鼻尖一路摇到尾巴尖', '的耳朵一下子竖了起来', '前爪一蹦一蹦地跳'],
      },
      tempers: ['忠心', '认真', '热心'],
    },
    voice: { pitch: 250, brightness: 0.5, syllable: 0.1 },
    size: 1,
  },
  {
    id: 'cat',
    noun: 'cat',
    alsoCalled: ['kitten'],
    words: CAT_BREEDS,
    near: ['lion', 'lioness', 'tiger', 'leopard', 'cheetah', 'lynx', 'panther', 'cougar', 'jaguar', 'puma'],
    body: { hands: 'paws', tail: 'tail', face: 'whiskers', ears: 'ears', extra: ['claws', 'fur'] },
    tells: {
      nervous: ["'s tail tip flicks", "'s ears flatten", ' grooms one paw far too long'],
      angry: [' hisses', "'s tail lashes", ' unsheathes every claw'],
      sad: [' curls into a tight ball', ' stares at nothing with wide eyes', ' stops purring'],
      glad: [' purrs like a small engine', ' kneads the nearest cushion', ' slow-blinks'],
    },
    tempers: ['aloof', 'proud', 'cunning'],
    zh: {
      noun: '猫',
      words: ['猫', '小猫', '猫咪', '喵星人'],
      names: {
        橘猫: 'ginger cat',
        大橘: 'ginger cat',
        狸花猫: 'tabby cat',
        狸花: 'tabby cat',
        虎斑猫: 'tabby cat',
        波斯猫: 'persian cat',
        暹罗猫: 'siamese cat',
        布偶猫: 'ragdoll cat',
        布偶: 'ragdoll cat',
        无毛猫: 'sphynx cat',
        孟加拉猫: 'bengal cat',
        三花猫: 'calico cat',
        三花: 'calico cat',
        奶牛猫: 'tuxedo cat',
        缅因猫: 'maine coon',
        英短: 'british shorthair',
        蓝猫: 'british shorthair',
        美短: 'tabby cat',
        折耳猫: 'scottish fold',
        黑猫: 'black cat',
        白猫: 'white cat',
        玳瑁猫: 'tortoiseshell cat',
        俄罗斯蓝猫: 'russian blue cat',
        加菲猫: 'persian cat',
        猫: 'cat',
        小猫: 'kitten',
        猫咪: 'cat',
        喵星人: 'cat',
      },
      body: { hands: '爪子', face: '胡须', ears: '耳朵' },
      tells: {
        nervous: ['的尾巴尖轻轻一抖', '的耳朵压成了飞机耳', '低头舔了半天爪子'],
        angry: ['哈了一声', '的尾巴狠狠甩了一下', '亮出了全部的爪子'],
        sad: ['缩成了一个紧紧的毛团', '睁着大眼睛发呆', '不再打呼噜了'],
        glad: ['呼噜得像台小马达', '在靠垫上踩起了奶', '慢慢眨了一下眼'],
      },
      tempers: ['高冷', '骄傲', '狡黠'],
    },
    voice: { pitch: 420, brightness: 0.75, syllable: 0.085 },
    size: 0.95,
  },
  {
    id: 'rabbit',
    noun: 'rabbit',
    words: ['rabbit', 'bunny', 'hare', 'lop'],
    body: { hands: 'paws', tail: 'cotton tail', face: 'twitching nose', ears: 'long ears', extra: ['whiskers', 'hind legs'] },
    tells: {
      nervous: [' thumps a hind leg', ' freezes, nose twitching', "'s long ears pin flat"],
      angry: [' thumps the floor hard', ' boxes the air', ' turns away in a huff'],
      sad: ["'s long ears fold down", ' hunches into a loaf', ' hides behind both paws'],
      glad: [' does a little binky', "'s nose twitches happily", ' flops over sideways'],
    },
    tempers: ['skittish', 'gentle', 'jumpy'],
    zh: {
      noun: '兔子',
      words: ['兔子', '小兔', '兔', '垂耳兔'],
      names: { 兔子: 'rabbit', 小兔: 'bunny', 兔: 'rabbit', 垂耳兔: 'lop rabbit', 野兔: 'hare' },
      body: { hands: '爪子', face: '鼻子', ears: '长耳朵' },
      tells: {
        nervous: ['用后腿重重跺了一下', '僵住了，鼻子直抽', '的长耳朵紧紧贴在背上'],
        angry: ['狠狠跺着地板', '对着空气挥起了拳', '气呼呼地转过身去'],
        sad: ['的长耳朵软软垂下', '缩成了一块小面包', '用两只爪子捂住了脸'],
        glad: ['原地蹦了个高', '的鼻子开心地抽动', '侧身一倒躺平了'],
      },
      tempers: ['胆小', '温柔', '一惊一乍'],
    },
    voice: { pitch: 470, brightness: 0.55, syllable: 0.08 },
    size: 0.9,
  },
  {
    id: 'hamster',
    noun: 'hamster',
    words: ['hamster', 'gerbil'],
    near: ['mouse', 'mice', 'rat', 'chinchilla'],
    body: { hands: 'tiny paws', tail: null, face: 'whiskers', ears: 'round ears', extra: ['cheek pouches'] },
    tells: {
      nervous: ["'s cheek pouches fill without thinking", ' trembles from whiskers to toes', ' wrings both tiny paws'],
      angry: [' puffs up to twice the size', ' chatters furiously', ' stamps a tiny foot'],
      sad: ["'s cheek pouches empty slowly", ' curls up in a corner', "'s whiskers droop"],
      glad: [' runs a happy lap', "'s cheeks bulge with joy", ' squeaks and spins'],
    },
    tempers: ['anxious', 'fussy', 'tireless'],
    zh: {
      noun: '仓鼠',
      words: ['仓鼠', '小仓鼠', '鼠'],
      names: { 仓鼠: 'hamster', 小仓鼠: 'hamster', 金丝熊: 'hamster', 沙鼠: 'gerbil', 老鼠: 'mouse', 小老鼠: 'mouse', 鼠: 'mouse', 大鼠: 'rat', 龙猫: 'chinchilla' },
      body: { hands: '小爪子', face: '胡须', ears: '圆耳朵' },
      tells: {
        nervous: ['的颊囊不知不觉塞满了', '从胡须抖到脚尖', '搓着两只小爪子'],
        angry: ['一下子鼓成了两倍大', '气得吱吱乱叫', '跺了跺小脚'],
        sad: ['的颊囊慢慢瘪了下去', '缩在角落里', '的胡须耷拉下来'],
        glad: ['开心地跑了一圈', '的腮帮子鼓得圆圆的', '吱的一声转了个圈'],
      },
      tempers: ['焦虑', '较真', '勤快'],
    },
    voice: { pitch: 640, brightness: 0.7, syllable: 0.068 },
    size: 0.72,
  },
  {
    id: 'guinea pig',
    noun: 'guinea pig',
    words: ['guinea', 'cavy'],
    body: { hands: 'tiny paws', tail: null, face: 'whiskers', ears: 'petal ears', extra: ['round belly'] },
    tells: {
      nervous: [' freezes mid-chew', ' rumbles softly', ' backs into a corner'],
      angry: [' chatters hard', ' rumbles loudly', ' raises a proud head'],
      sad: [' stops wheeking', ' presses into the straw', "'s whiskers droop"],
      glad: [' wheeks at full volume', ' popcorns into the air', ' chews happily'],
    },
    tempers: ['jumpy', 'chatty', 'earnest'],
    zh: {
      noun: '豚鼠',
      words: ['豚鼠', '荷兰猪'],
      names: { 豚鼠: 'guinea pig', 荷兰猪: 'guinea pig' },
      body: { hands: '小爪子', face: '胡须', ears: '花瓣耳' },
      tells: {
        nervous: ['嚼到一半僵住了', '喉咙里轻轻咕噜', '往角落里退'],
        angry: ['牙齿咯咯直响', '咕噜声越来越大', '高高昂起了头'],
        sad: ['不再吱吱叫了', '把脸埋进干草里', '的胡须耷拉下来'],
        glad: ['用最大的音量吱吱叫', '原地蹦成了爆米花', '开心地嚼个不停'],
      },
      tempers: ['一惊一乍', '话多', '认真'],
    },
    voice: { pitch: 560, brightness: 0.65, syllable: 0.075 },
    size: 0.76,
  },
  {
    id: 'parrot',
    noun: 'parrot',
    words: ['parrot', 'macaw', 'cockatoo', 'cockatiel', 'budgie', 'budgerigar', 'parakeet', 'lovebird', 'bird', 'birdie', 'conure', 'lorikeet', 'canary', 'finch'],
    near: [
      'crow',
      'raven',
      'owl',
      'pigeon',
      'dove',
      'seagull',
      'gull',
      'sparrow',
      'robin',
      'magpie',
      'eagle',
      'hawk',
      'falcon',
      'flamingo',
      'peacock',
      'toucan',
      'kiwi',
      'pelican',
      'stork',
      'heron',
      'penguin',
    ],
    body: { hands: 'wings', tail: 'tail feathers', face: 'beak', ears: 'crest', extra: ['feathers', 'talons'] },
    tells: {
      nervous: [' ruffles every feather', ' shifts from talon to talon', "'s beak clicks"],
      angry: [' spreads both wings wide', "'s crest shoots up", "'s beak snaps"],
      sad: [' tucks a head under one wing', "'s feathers hang dull", ' goes silent on the perch'],
      glad: [' bobs happily', ' whistles a little tune', ' fluffs up round'],
    },
    tempers: ['vain', 'chatty', 'dramatic'],
    zh: {
      noun: '鹦鹉',
      words: ['鹦鹉', '鸟', '小鸟'],
      names: {
        鹦鹉: 'parrot',
        金刚鹦鹉: 'macaw',
        凤头鹦鹉: 'cockatoo',
        玄凤: 'cockatiel',
        玄凤鹦鹉: 'cockatiel',
        虎皮鹦鹉: 'budgie',
        牡丹鹦鹉: 'lovebird',
        金丝雀: 'canary',
        文鸟: 'finch',
        小鸟: 'bird',
        鸟: 'bird',
        乌鸦: 'crow',
        猫头鹰: 'owl',
        鸽子: 'pigeon',
        麻雀: 'sparrow',
        喜鹊: 'magpie',
        老鹰: 'eagle',
        孔雀: 'peacock',
        企鹅: 'penguin',
        海鸥: 'seagull',
        火烈鸟: 'flamingo',
      },
      body: { hands: '翅膀', face: '喙', ears: '羽冠' },
      tells: {
        nervous: ['浑身羽毛都抖了起来', '在两只脚之间来回倒腾', '的喙咔哒咔哒直响'],
        angry: ['猛地张开了双翅', '的羽冠一下子竖了起来', '的喙狠狠一啄'],
        sad: ['把头埋进了翅膀底下', '的羽毛失去了光泽', '在栖木上一声不吭'],
        glad: ['开心地点着头', '吹起了一段小曲', '蓬成了一个圆球'],
      },
      tempers: ['爱美', '话多', '戏精'],
    },
    voice: { pitch: 530, brightness: 0.92, syllable: 0.078 },
    size: 0.88,
  },
  {
    id: 'duck',
    noun: 'duck',
    words: ['duck', 'duckling', 'mallard'],
    near: ['goose', 'swan', 'chicken', 'hen', 'rooster', 'chick'],
    body: { hands: 'wings', tail: 'tail feathers', face: 'bill', ears: 'head', extra: ['webbed feet', 'feathers'] },
    tells: {
      nervous: [' waddles in a circle', ' preens the same feather', ' flaps once'],
      angry: [' hisses, neck stretched', ' flaps hard', "'s bill snaps"],
      sad: [' tucks a bill under one wing', ' sits down on the spot', ' goes quiet and still'],
      glad: [' waggles both tail feathers', ' bobs twice', ' flaps happily'],
    },
    tempers: ['flustered', 'cheerful', 'stubborn'],
    zh: {
      noun: '鸭子',
      words: ['鸭子', '小鸭', '鸭'],
      names: {
        鸭子: 'duck',
        小鸭: 'duckling',
        小鸭子: 'duckling',
        鸭: 'duck',
        绿头鸭: 'mallard',
        鹅: 'goose',
        大鹅: 'goose',
        天鹅: 'swan',
        鸡: 'chicken',
        母鸡: 'hen',
        公鸡: 'rooster',
        小鸡: 'chick',
      },
      body: { hands: '翅膀', face: '扁嘴', ears: '脑袋' },
      tells: {
        nervous: ['摇摇摆摆转了一圈', '一遍遍梳理同一根羽毛', '扑棱了一下翅膀'],
        angry: ['伸长脖子嘎嘎大叫', '使劲拍打翅膀', '的扁嘴啪地一合'],
        sad: ['把扁嘴藏进翅膀底下', '一屁股坐在原地', '安静得一动不动'],
        glad: ['摇了摇尾巴上的羽毛', '点了两下头', '开心地拍着翅膀'],
      },
      tempers: ['慌张', '乐天', '倔强'],
    },
    voice: { pitch: 310, brightness: 0.88, syllable: 0.09 },
    size: 0.85,
  },
  {
    id: 'fox',
    noun: 'fox',
    words: ['fox', 'vixen', 'fennec'],
    body: { hands: 'paws', tail: 'brush of a tail', face: 'sharp muzzle', ears: 'tall ears', extra: ['whiskers'] },
    tells: {
      nervous: ["'s tail wraps around both paws", "'s tall ears turn back", ' sniffs the air'],
      angry: [' gekkers through bared teeth', ' arches up', "'s tail fluffs out"],
      sad: [' buries a nose in that brush of a tail', "'s ears lower", ' looks away'],
      glad: [' grins a sly grin', "'s tail swishes", ' pounces on nothing'],
    },
    tempers: ['sly', 'charming', 'restless'],
    zh: {
      noun: '狐狸',
      words: ['狐狸', '小狐狸', '狐'],
      names: { 狐狸: 'fox', 小狐狸: 'fox', 狐: 'fox', 耳廓狐: 'fennec fox', 北极狐: 'fox' },
      body: { hands: '爪子', face: '尖鼻子', ears: '尖耳朵' },
      tells: {
        nervous: ['用尾巴圈住了自己的爪子', '的尖耳朵转向了后面', '嗅了嗅空气'],
        angry: ['龇着牙发出咯咯的怪声', '弓起了背', '的尾巴炸成了一大团'],
        sad: ['把鼻子埋进了大尾巴里', '的耳朵低了下去', '别开了脸'],
        glad: ['露出一个狡猾的笑', '的尾巴轻轻一扫', '对着空气扑了一下'],
      },
      tempers: ['狡猾', '迷人', '坐不住'],
    },
    voice: { pitch: 330, brightness: 0.62, syllable: 0.09 },
    size: 0.98,
  },
  {
    id: 'red panda',
    noun: 'red panda',
    words: [],
    near: ['panda', 'raccoon', 'bear', 'koala'],
    body: { hands: 'paws', tail: 'striped tail', face: 'masked face', ears: 'round ears', extra: ['whiskers'] },
    tells: {
      nervous: [' hugs that striped tail', ' rubs a masked face', ' shuffles both paws'],
      angry: [' rears up, arms wide', ' huffs', ' stamps'],
      sad: [' hides behind that striped tail', ' curls up small', ' stares down at both paws'],
      glad: [' rolls over happily', ' chirps', ' waves both paws'],
    },
    tempers: ['shy', 'clumsy', 'sweet'],
    zh: {
      noun: '小熊猫',
      words: ['小熊猫'],
      names: { 小熊猫: 'red panda', 熊猫: 'panda', 大熊猫: 'panda', 浣熊: 'raccoon', 考拉: 'koala', 熊: 'bear' },
      body: { hands: '爪子', face: '花脸', ears: '圆耳朵' },
      tells: {
        nervous: ['抱紧了自己的条纹尾巴', '揉了揉花脸', '两只爪子来回搓'],
        angry: ['一下子站起来张开双臂', '呼地喷了口气', '跺了跺脚'],
        sad: ['躲到了条纹尾巴后面', '缩成小小一团', '低头盯着自己的爪子'],
        glad: ['开心地打了个滚', '啾啾叫了两声', '挥了挥两只爪子'],
      },
      tempers: ['害羞', '笨手笨脚', '甜'],
    },
    voice: { pitch: 450, brightness: 0.55, syllable: 0.085 },
    size: 0.9,
  },
  {
    id: 'otter',
    noun: 'otter',
    words: ['otter'],
    near: ['ferret', 'weasel', 'mink', 'stoat', 'beaver', 'seal', 'meerkat'],
    body: { hands: 'paws', tail: 'long tail', face: 'whiskers', ears: 'small round ears', extra: ['sleek fur'] },
    tells: {
      nervous: [' rubs both paws together', "'s whiskers twitch", ' rolls over and back again'],
      angry: [' chitters sharply', ' arches a long back', ' slaps the floor with a tail'],
      sad: [' floats very still', ' curls around a long tail', "'s whiskers droop"],
      glad: [' does a happy little roll', ' chirps and spins', ' claps both paws'],
    },
    tempers: ['playful', 'curious', 'cheeky'],
    zh: {
      noun: '水獭',
      words: ['水獭'],
      names: { 水獭: 'otter', 海獭: 'otter', 雪貂: 'ferret', 貂: 'ferret', 黄鼠狼: 'weasel', 海狸: 'beaver', 海豹: 'seal', 狐獴: 'meerkat' },
      body: { hands: '爪子', face: '胡须', ears: '小圆耳朵' },
      tells: {
        nervous: ['把两只爪子搓来搓去', '的胡须抖个不停', '翻过去又翻回来'],
        angry: ['尖声吱吱叫', '弓起了长长的背', '用尾巴拍了一下地'],
        sad: ['静静漂着一动不动', '用长尾巴把自己圈起来', '的胡须耷拉下来'],
        glad: ['开心地打了个滚', '吱吱叫着转圈', '拍起了两只爪子'],
      },
      tempers: ['贪玩', '好奇', '调皮'],
    },
    voice: { pitch: 400, brightness: 0.6, syllable: 0.082 },
    size: 0.92,
  },
  {
    id: 'hedgehog',
    noun: 'hedgehog',
    words: ['hedgehog'],
    near: ['porcupine', 'echidna', 'shrew', 'mole'],
    body: { hands: 'tiny paws', tail: null, face: 'pointed snout', ears: 'small ears', extra: ['spines'] },
    tells: {
      nervous: ["'s spines prickle up", ' huffs and snuffles', ' half curls into a ball'],
      angry: [' bristles every spine', ' huffs like a little engine', ' stamps a tiny foot'],
      sad: [' curls into a tight, prickly ball', "'s spines lie flat", ' sniffles quietly'],
      glad: [' snuffles happily', "'s nose wiggles", ' trundles in a happy circle'],
    },
    tempers: ['prickly', 'shy', 'grumpy'],
    zh: {
      noun: '刺猬',
      words: ['刺猬', '小刺猬'],
      names: { 刺猬: 'hedgehog', 小刺猬: 'hedgehog', 豪猪: 'porcupine', 鼹鼠: 'mole' },
      body: { hands: '小爪子', face: '尖鼻头', ears: '小耳朵' },
      tells: {
        nervous: ['背上的刺一根根竖了起来', '呼哧呼哧直喘', '半缩成了一个球'],
        angry: ['炸开了全身的刺', '像台小发动机一样喷气', '跺了跺小脚'],
        sad: ['缩成了一个扎手的刺球', '背上的刺全都塌了下去', '轻轻吸着鼻子'],
        glad: ['开心地拱来拱去', '的鼻头一抽一抽', '绕着圈小跑'],
      },
      tempers: ['扎手', '害羞', '暴躁'],
    },
    voice: { pitch: 500, brightness: 0.45, syllable: 0.08 },
    size: 0.74,
  },
  {
    id: 'squirrel',
    noun: 'squirrel',
    words: ['squirrel', 'chipmunk'],
    body: { hands: 'tiny paws', tail: 'bushy tail', face: 'whiskers', ears: 'tufted ears', extra: ['cheeks'] },
    tells: {
      nervous: ["'s bushy tail flicks and flicks", ' freezes, nose twitching', ' chatters under the breath'],
      angry: [' chatters furiously', "'s bushy tail puffs up", ' stamps and scolds'],
      sad: [' hugs that bushy tail', ' sits very still', "'s tufted ears droop"],
      glad: [' bounds in a happy zigzag', "'s bushy tail curls high", ' chirrups'],
    },
    tempers: ['twitchy', 'scatterbrained', 'bold'],
    zh: {
      noun: '松鼠',
      words: ['松鼠', '小松鼠'],
      names: { 松鼠: 'squirrel', 小松鼠: 'squirrel', 花栗鼠: 'chipmunk' },
      body: { hands: '小爪子', face: '胡须', ears: '簇毛耳朵' },
      tells: {
        nervous: ['的大尾巴一甩再甩', '僵在原地，鼻子直抽', '小声嘀嘀咕咕'],
        angry: ['气得吱吱乱叫', '的大尾巴一下子炸开', '跺着脚骂个不停'],
        sad: ['抱住了自己的大尾巴', '一动不动地坐着', '的簇毛耳朵耷拉下来'],
        glad: ['开心地蹦出一条之字形', '的大尾巴高高翘起', '啾啾叫了一声'],
      },
      tempers: ['一惊一乍', '丢三落四', '大胆'],
    },
    voice: { pitch: 580, brightness: 0.72, syllable: 0.07 },
    size: 0.8,
  },
  {
    id: 'pig',
    noun: 'pig',
    words: ['pig', 'piglet', 'hog', 'boar'],
    near: ['sheep', 'lamb', 'goat', 'cow', 'calf', 'horse', 'pony', 'donkey', 'unicorn', 'elephant', 'hippo'],
    body: { hands: 'trotters', tail: 'curly tail', face: 'snout', ears: 'floppy ears', extra: ['hooves'] },
    tells: {
      nervous: [' snuffles at the floor', ' shifts from hoof to hoof', "'s ears flick"],
      angry: [' snorts hard', ' scrapes a hoof on the ground', ' lowers a heavy head'],
      sad: [' lies down with a heavy sigh', "'s ears hang", ' stops snuffling'],
      glad: ["'s curly tail wiggles", ' oinks happily', ' trots in a circle'],
    },
    tempers: ['stubborn', 'clever', 'proud'],
    zh: {
      noun: '猪',
      words: ['猪', '小猪', '猪猪'],
      names: {
        猪: 'pig',
        小猪: 'piglet',
        猪猪: 'pig',
        香猪: 'pot-bellied pig',
        野猪: 'boar',
        羊: 'sheep',
        绵羊: 'sheep',
        小羊: 'lamb',
        山羊: 'goat',
        牛: 'cow',
        奶牛: 'cow',
        马: 'horse',
        小马: 'pony',
        驴: 'donkey',
        独角兽: 'unicorn',
        大象: 'elephant',
        河马: 'hippo',
      },
      body: { hands: '前蹄', face: '猪鼻子', ears: '大耳朵' },
      tells: {
        nervous: ['拱着地面嗅个不停', '在两只蹄子之间换来换去', '的耳朵抖了抖'],
        angry: ['重重哼了一声', '用蹄子刨着地', '低下了沉甸甸的脑袋'],
        sad: ['长叹一声趴了下来', '的耳朵耷拉着', '连哼都不哼了'],
        glad: ['的卷尾巴扭个不停', '开心地哼哼', '绕着圈小跑'],
      },
      tempers: ['倔强', '聪明', '骄傲'],
    },
    voice: { pitch: 175, brightness: 0.4, syllable: 0.11 },
    size: 1.02,
  },
  {
    id: 'lizard',
    noun: 'lizard',
    words: ['lizard', 'gecko', 'iguana', 'chameleon', 'reptile', 'skink'],
    near: ['dragon', 'dinosaur', 'dino', 'snake', 'turtle', 'tortoise', 'frog', 'toad', 'axolotl', 'crocodile', 'alligator', 'newt'],
    body: { hands: 'claws', tail: 'tail', face: 'snout', ears: 'crest', extra: ['scales'] },
    tells: {
      nervous: ["'s tail curls tight", ' flicks a tongue twice', ' freezes on the spot'],
      angry: ["'s crest flares", ' hisses', ' lashes a tail'],
      sad: [' lies flat on the floor', ' closes both eyes slowly', "'s colour dulls"],
      glad: [' bobs a happy head', ' basks in the warmth', "'s eyes go bright"],
    },
    tempers: ['cool', 'patient', 'mysterious'],
    zh: {
      noun: '蜥蜴',
      words: ['蜥蜴'],
      names: {
        蜥蜴: 'lizard',
        壁虎: 'gecko',
        守宫: 'gecko',
        鬣蜥: 'iguana',
        变色龙: 'chameleon',
        龙: 'dragon',
        恐龙: 'dinosaur',
        蛇: 'snake',
        乌龟: 'tortoise',
        海龟: 'turtle',
        青蛙: 'frog',
        蛤蟆: 'toad',
        六角恐龙: 'axolotl',
        鳄鱼: 'crocodile',
      },
      body: { hands: '爪子', face: '长吻', ears: '头冠' },
      tells: {
        nervous: ['的尾巴卷得紧紧的', '吐了两下舌头', '僵在原地'],
        angry: ['的头冠一下子张开', '嘶嘶作响', '甩了一下尾巴'],
        sad: ['平平地趴在地上', '慢慢闭上了眼睛', '的颜色暗了下去'],
        glad: ['开心地点着头', '惬意地晒起了太阳', '的眼睛亮了起来'],
      },
      tempers: ['冷静', '耐心', '神秘'],
    },
    voice: { pitch: 270, brightness: 0.45, syllable: 0.1 },
    size: 0.9,
  },
];

const GENERIC: Kind = {
  id: 'pet',
  noun: 'pet',
  words: [],
  body: { hands: 'paws', tail: 'tail', face: 'face', ears: 'ears', extra: [] },
  tells: {
    nervous: [' shifts from foot to foot', ' looks at the door', ' swallows hard'],
    angry: [' bristles', ' stares without blinking', ' stamps'],
    sad: [' looks at the floor', ' goes very still', ' hides behind both paws'],
    glad: [' beams', ' bounces on the spot', ' brightens'],
  },
  tempers: ['restless', 'curious', 'quiet'],
  zh: {
    noun: '小动物',
    words: ['宠物', '小动物'],
    names: {},
    body: { hands: '爪子', face: '脸', ears: '耳朵' },
    tells: {
      nervous: ['不安地挪了挪脚', '瞟了一眼门口', '用力咽了一下口水'],
      angry: ['浑身的毛都竖了起来', '一眨不眨地瞪着', '狠狠跺了一下脚'],
      sad: ['低头看着地面', '一下子安静了', '用爪子捂住了脸'],
      glad: ['笑开了花', '原地蹦了一下', '眼睛一亮'],
    },
    tempers: ['坐不住', '好奇', '安静'],
  },
  voice: { pitch: 300, brightness: 0.5, syllable: 0.1 },
  size: 0.95,
};

/** Body words that belong to some kinds only: narration must not give them to the others. */
export const BODY_WORDS = ['paws', 'paw', 'tail', 'whiskers', 'wings', 'wing', 'beak', 'feathers', 'talons', 'claws', 'snout', 'hooves', 'trotters', 'muzzle', 'bill'] as const;

const byWord = new Map<string, { kind: Kind; exact: boolean }>();
for (const kind of KINDS) for (const w of kind.words) if (!byWord.has(w)) byWord.set(w, { kind, exact: true });
for (const kind of KINDS) for (const w of kind.near ?? []) if (!byWord.has(w)) byWord.set(w, { kind, exact: false });

/** How a species typed in chat was understood: its kind, and whether that kind is the animal itself or a stand-in. */
export interface SpeciesMatch {
  kind: Kind;
  /** false: an animal we do not draw, shown as `kind` (a horse as a pig), or nothing we know (`known` false). */
  exact: boolean;
  known: boolean;
  /** The word that decided, e.g. "horse". */
  word?: string;
}

export function matchSpecies(species: string): SpeciesMatch {
  const lower = fold(englishSpecies(species));
  // Names of two words first: a guinea pig is no pig, a red panda no panda bear.
  const phrase = KINDS.find((k) => k.noun.includes(' ') && new RegExp(`\\b${k.noun}s?\\b`).test(lower));
  if (phrase) return { kind: phrase, exact: true, known: true, word: phrase.noun };
  const words = lower.split(/[^\p{L}]+/u).filter(Boolean);
  // The last known word decides ("cat burglar dog" is a dog).
  for (const w of [...words].reverse()) {
    const found = [w, ...singulars(w)].map((x) => [x, byWord.get(x)] as const).find(([, f]) => f);
    if (found) return { ...found[1]!, known: true, word: found[0] };
  }
  return { kind: GENERIC, exact: false, known: false };
}

/** Colours people put before a Chinese species ("黑色的柴犬"), in the words the breed table knows. */
const ZH_COLOURS: Readonly<Record<string, string>> = {
  黑色: 'black',
  白色: 'white',
  灰色: 'grey',
  棕色: 'brown',
  金色: 'golden',
  橘色: 'ginger',
  黑: 'black',
  白: 'white',
  灰: 'grey',
  棕: 'brown',
  橘: 'ginger',
};

/**
 * What is typed, made comparable with the tables: lower case, without Latin accents ("hámster"),
 * Arabic vowel marks and tatweel, with Arabic alef forms, ta marbuta and alef maqsura folded, and
 * without the Devanagari nukta ("सफ़ेद" = "सफेद").
 */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u064b-\u0652\u0670\u0640\u093c]/g, '')
    .normalize('NFC')
    .replace(/[أإآ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .toLowerCase();
}

interface NameEntry {
  key: string;
  english: string;
  colour: boolean;
  /** Also the end of a longer word ("Zwergkaninchen": `heads` in species-names.ts). */
  tail: boolean;
  /** Spanish, Portuguese, French, German: also with a plural ending ("perros", "Katzen"). */
  plural: boolean;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
const HANGUL_CHAR = /\p{Script=Hangul}/u;
/** Endings a noun takes in the plural in the languages that make it so (perros, chats, Hunde, Katzen). */
const PLURAL_ENDINGS = ['', 's', 'es', 'x', 'e', 'en', 'n'];
const PLURAL_LANGUAGES = new Set(['es', 'pt-BR', 'fr', 'de']);

/**
 * Every name in every language, by its first character, longest first (so "猫头鹰" is an owl, not a
 * cat, and "pastor alemán" a German shepherd, not a shepherd): Chinese first, then the tables of
 * species-names.ts. A foreign word that is also an English word of this table with another meaning
 * is left to the English ("golden" is a colour to an English reader).
 */
const NAME_ENTRIES: ReadonlyMap<string, readonly NameEntry[]> = (() => {
  const entries = new Map<string, NameEntry>();
  const add = (table: Readonly<Record<string, string>>, colour: boolean, language: string, heads: readonly string[] = []) => {
    for (const [typed, english] of Object.entries(table)) {
      const key = fold(typed);
      const tail = heads.includes(typed);
      const known = entries.get(key);
      // The first language to name it decides what it means; a German head ends longer words whatever means it.
      if (known) entries.set(key, { ...known, tail: known.tail || tail });
      if (!key || known || (language !== 'zh' && !key.includes(' ') && byWord.has(key) && key !== english)) continue;
      entries.set(key, { key, english, colour, tail, plural: PLURAL_LANGUAGES.has(language) });
    }
  };
  for (const kind of KINDS) add(kind.zh?.names ?? {}, false, 'zh');
  add(ZH_COLOURS, true, 'zh');
  for (const [language, table] of Object.entries(SPECIES_NAMES)) {
    add(table.names, false, language, table.heads);
    add(table.colours, true, language);
  }
  const byFirst = new Map<string, NameEntry[]>();
  for (const e of [...entries.values()].sort((a, b) => b.key.length - a.key.length)) {
    const first = e.key.charAt(0);
    byFirst.set(first, [...(byFirst.get(first) ?? []), e]);
  }
  return byFirst;
})();

const isWordAt = (text: string, i: number) => i >= 0 && i < text.length && WORD_CHAR.test(text.charAt(i));

/** The name that starts at `i` in folded text (a word's start: `wordStart`), and where it ends; undefined when none does. */
function nameAt(text: string, i: number, wordStart = !isWordAt(text, i - 1)): { entry: NameEntry; end: number; inWord: boolean } | undefined {
  for (const entry of NAME_ENTRIES.get(text.charAt(i)) ?? []) {
    const { key } = entry;
    if (!text.startsWith(key, i)) continue;
    const first = key.charAt(0);
    const last = key.charAt(key.length - 1);
    // Chinese and Japanese run words together; a Korean word of two syllables or more may have
    // others stuck to it ("검은고양이가"); every other name is a word of its own.
    const loose = CJK_CHAR.test(first) || (HANGUL_CHAR.test(first) && key.length > 1);
    if (!loose && !wordStart && !entry.tail) continue;
    if (CJK_CHAR.test(last) || (HANGUL_CHAR.test(last) && key.length > 1)) return { entry, end: i + key.length, inWord: !wordStart };
    const endings = entry.plural ? PLURAL_ENDINGS : [''];
    const ending = endings.find((e) => text.startsWith(e, i + key.length) && !isWordAt(text, i + key.length + e.length));
    if (ending !== undefined) return { entry, end: i + key.length + ending.length, inWord: !wordStart };
  }
  return undefined;
}

const englishCache = new Map<string, string>();

/**
 * A species typed in any language we ship, in the English words of this table ("柴犬" → "shiba inu",
 * "perro salchicha negro" → "black dog dachshund", "القطة" → "cat"): read left to right, taking the
 * longest name at each place; Latin words no table knows are kept, other text dropped; colours come
 * before the animals, as in English. Text with no name in it comes back as it is. The renderer picks
 * breed looks and colours from it too.
 */
export function englishSpecies(species: string): string {
  const cached = englishCache.get(species);
  if (cached !== undefined) return cached;
  const text = fold(species);
  const colours: string[] = [];
  const names: string[] = [];
  let other = '';
  let found = false;
  for (let i = 0; i < text.length; ) {
    // Arabic writes the article on the word: "القطة" is "قطة" to the table.
    const at = nameAt(text, i) ?? (text.startsWith('ال', i) && !isWordAt(text, i - 1) ? nameAt(text, i + 2, true) : undefined);
    if (at) {
      // A word that is its English self ("labrador") changes nothing, unless it ends a longer one ("Goldhamster").
      found ||= at.entry.english !== at.entry.key || at.inWord;
      if (at.entry.english) (at.entry.colour ? colours : names).push(at.entry.english);
      i = at.end;
    } else {
      const ch = text.charAt(i);
      other += /[\p{Script=Latin}\s-]/u.test(ch) ? ch : ' ';
      i++;
    }
  }
  const english = found ? [other.replace(/\s+/g, ' ').trim(), ...colours, ...names].filter(Boolean).join(' ') : species;
  if (englishCache.size > 1000) englishCache.clear();
  englishCache.set(species, english);
  return english;
}

/** The Chinese words a premise may use for this character's species: what was typed, its breed's and its kind's nouns. */
export function speciesWordsZh(species: string): string[] {
  const kind = kindOf(species);
  const english = englishSpecies(species).toLowerCase();
  const typed = /[\u3400-\u9fff]/.test(species) ? [species.trim()] : [];
  // Breed names that mean what was typed ("Shiba Inu" → "柴犬"), then the kind's own nouns.
  const breeds = Object.entries(kind.zh?.names ?? {})
    .filter(([zh, en]) => species.includes(zh) || (en.split(' ').length > 1 && english.includes(en)))
    .map(([zh]) => zh);
  return [...new Set([...typed, ...breeds, ...(kind.zh?.words ?? []), ...(kind.zh ? [kind.zh.noun] : [])])].sort((a, b) => b.length - a.length);
}

/** A kind by its id (a look keeps the id); the generic pet for an id we do not have. */
export function kindById(id: string): Kind {
  return KINDS.find((k) => k.id === id) ?? GENERIC;
}

/** What a plural may be the plural of: puppies, wolves, foxes, mice, geese. */
function singulars(word: string): string[] {
  const irregular: Record<string, string> = { mice: 'mouse', geese: 'goose', sheep: 'sheep', calves: 'calf', wolves: 'wolf' };
  return [irregular[word], word.replace(/ies$/, 'y'), word.replace(/ves$/, 'f'), word.replace(/es$/, ''), word.replace(/(?<=[^s])s$/, '')].filter((x): x is string => !!x && x !== word);
}

/**
 * The kind whose words a story uses for this species ("German Shepherd" → dog): the generic pet
 * for an animal we only show as another (a horse never oinks) and for one we do not know.
 */
export function kindOf(species: string): Kind {
  const match = matchSpecies(species);
  return match.exact ? match.kind : GENERIC;
}

/** Kinds an unknown species may be drawn as: ones with paws and a tail, as the generic pet's words say. */
const STAND_INS = ['dog', 'cat', 'fox', 'otter', 'red panda', 'rabbit'] as const;

/** The kind a character is drawn as: its own, or a stand-in chosen by its species text (the same one every time). */
export function drawnKind(species: string): Kind {
  const match = matchSpecies(species);
  if (match.known) return match.kind;
  let h = 0;
  for (const ch of species.toLowerCase().trim().replace(/\s+/g, ' ')) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  const id = STAND_INS[h % STAND_INS.length]!;
  return KINDS.find((k) => k.id === id)!;
}

const IRREGULAR: Record<string, string> = { mouse: 'mice', goose: 'geese', sheep: 'sheep', calf: 'calves', wolf: 'wolves', pony: 'ponies', fish: 'fish' };
function plural(noun: string): string {
  if (IRREGULAR[noun]) return IRREGULAR[noun];
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return /(x|s|sh|ch)$/.test(noun) ? `${noun}es` : `${noun}s`;
}

/** A kind's catalog key (`species.many.<key>`, `species.one.<key>`): its id with dashes for spaces. */
const kindKey = (id: string) => id.replace(/ /g, '-');

/** Every kind we draw, for a reply: "dogs and cats of many breeds, rabbits, …" (in the reader's language). */
export function drawableKinds(locale = 'en'): string {
  const tr = translate(locale);
  const others = KINDS.filter((k) => k.id !== 'dog' && k.id !== 'cat').map((k) => (locale === 'en' ? plural(k.noun) : tr(`species.many.${kindKey(k.id)}`)));
  return tr('species.drawable', { others: listText(locale, others) });
}

/**
 * What to tell the person who typed a species we do not draw as itself; undefined when we do.
 * Never silent: "I don't know “dragon” yet, so Sparky will look like a lizard. I can draw: …".
 */
export function speciesNote(name: string, species: string, opts: { list?: boolean; locale?: string } = {}): string | undefined {
  const match = matchSpecies(species);
  if (match.exact) return undefined;
  const locale = opts.locale ?? 'en';
  const tr = translate(locale);
  const drawn = drawnKind(species);
  const shown = Array.from(species.trim().replace(/\s+/g, ' ')).slice(0, 40).join('').trim();
  // English names the animals it cannot draw in the plural; other languages quote what was typed.
  const what = match.known ? tr('species.cannotDraw', { species: locale === 'en' ? plural(match.word ?? shown) : shown }) : tr('species.unknown', { species: shown });
  const like = locale === 'en' ? `${/^[aeiou]/.test(drawn.noun) ? 'an' : 'a'} ${drawn.noun}` : tr(`species.one.${kindKey(drawn.id)}`);
  const note = tr('species.note', { what, name, like });
  return opts.list === false ? note : tr('species.noteWithList', { note, kinds: drawableKinds(locale) });
}

/** Breeds that play the detective when nobody else is one. */
export function looksLikeDetective(species: string): boolean {
  return /shepherd|bloodhound|basset|beagle|hound|malinois|owl/i.test(species);
}

/** The words people use for this character's species in a premise: the breed, its words, the kind's noun. */
export function speciesWords(species: string): string[] {
  const words = species
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= 3);
  const kind = kindOf(species);
  return [...new Set([...words, kind.noun, ...(kind.alsoCalled ?? [])])];
}
