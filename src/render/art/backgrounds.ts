import { hashSeed, seededRandom } from '../../core/clock.js';
import { apartment, bedroomAtNight, library, livingRoom, rainyWindow } from './backgrounds/homes.js';
import { airportGate, beach, neonStreet, park, rooftop, trainStation } from './backgrounds/outdoors.js';
import type { Ctx, Painter } from './backgrounds/paint.js';
import { ballroom, cafe, weddingChapel, weddingHall } from './backgrounds/venues.js';
import { classroom, courtroom, hospital, kitchen, office, policeStation, tvStudio, vetClinic } from './backgrounds/workplaces.js';

/**
 * Whole words or phrases (comma-separated, regex allowed), in any case: "bar" is not in "barn", and
 * "café" ends at its "é" (which `\b` does not see as a letter).
 */
function words(list: string): RegExp {
  const phrases = list.split(',').map((p) => p.trim().replace(/ /g, '[\\s-]+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

/**
 * Procedural backgrounds for the settings micro-dramas use. A scene's setting (free text from the
 * writer) picks the first one whose words it has, so the order is the priority: rooms before the
 * buildings around them ("the mansion kitchen"), the more specific name before the word inside it
 * ("police station" before "station", "studio apartment" before "studio"), places before times and
 * weather ("her bedroom at night", "the rainy rooftop"). The same setting text always paints the
 * same picture.
 */
export const BACKGROUNDS: Record<string, { match: RegExp; paint: Painter }> = {
  'restaurant kitchen': { match: words('kitchens?, galley, scullery, cook off, bake off'), paint: kitchen },
  'police station': {
    match: words('police, precinct, fire station, station house, cop shop, interrogation room, interview room, cells?(?![\\s-]*phones?), jail, jailhouse, prison, lockup, sheriff, squad room'),
    paint: policeStation,
  },
  'vet clinic': {
    match: words("vets?, veterinary, veterinarian, (animal|pet|dog|cat) (hospital|clinic|shelter|rescue), clinics?, kennels?, grooming( salon)?, groomer'?s?"),
    paint: vetClinic,
  },
  'airport gate': {
    match: words(
      'airports?, terminal, departures?, departure (gate|lounge|hall), boarding (gate|area|pass), gate [a-z]?\\d+[a-z]?, flights?, planes?, airplane, aeroplane, runway, baggage claim, check in, duty free',
    ),
    paint: airportGate,
  },
  'hospital room': {
    match: words(
      "hospitals?, wards?, icu, intensive care, emergency room, operating (room|theatre|theater), surgery, infirmary, recovery room, waiting room, doctor'?s?( office)?, medical, lab, laboratory, sick bay",
    ),
    paint: hospital,
  },
  'bedroom at night': { match: words('bedrooms?, guest room, nursery, bunk beds?, sleepover, bedtime, (?<!hospital |sick |flower )beds?'), paint: bedroomAtNight },
  classroom: {
    match: words('classrooms?, class, school, schools, schoolroom, schoolhouse, homeroom, lecture (hall|theatre|theater), detention, academy, university, college, kindergarten, exam hall, lesson'),
    paint: classroom,
  },
  apartment: { match: words('apartments?, flat, flats, studio (flat|apartment), loft, dorm( room)?, dormitory, bedsit, condo, hotel room, motel( room)?'), paint: apartment },
  'wedding chapel': { match: words('chapels?, church(es)?, cathedral, altar, aisle, vows, (?<!awards? )ceremony, funeral, memorial, temple, abbey'), paint: weddingChapel },
  'gala ballroom': {
    match: words(
      'galas?, ballroom, ball, masquerade, awards?, dance (hall|floor|studio), theatres?, theaters?, opera( house)?, concert( hall)?, (?<!sound )stage, backstage, auditorium, palace, throne room, hotel( lobby)?, pageant, prom, rehearsal, practice hall',
    ),
    paint: ballroom,
  },
  'wedding hall': { match: words('weddings?, reception hall, banquet( hall)?, engagement party, rehearsal dinner, bridal'), paint: weddingHall },
  'TV studio': {
    match: words(
      'tv, television, studios?, newsroom, news (desk|room|studio), broadcast, (talk|game|talent|reality|cooking|live|morning) show, on air, sound stage, (film|movie) set, audition( room)?s?',
    ),
    paint: tvStudio,
  },
  beach: {
    match: words(
      'beach(es)?, seaside, seashore, sea shore, shore(line)?, coast(line)?, ocean, sea, surf, sands?, boardwalk, islands?, cove, bay, lagoon, tropical, pier, harbou?r, marina, docks?, port, boat, yacht, ship',
    ),
    paint: beach,
  },
  rooftop: { match: words('roofs?, rooftops?, roof top, terrace, balcon(y|ies), skyline, helipad, observation deck, sky bar'), paint: rooftop },
  café: {
    match: words(
      'caf[eé]s?, coffee( shop| house)?, coffeehouse, tea (room|shop|house), tearoom, bistro, diner, restaurants?, bakery, bakeries, patisserie, bars?, pubs?, tavern, saloon, canteen, cafeteria, food court, shops?, stores?, boutique, deli',
    ),
    paint: cafe,
  },
  'living room': {
    match: words('living rooms?, lounge, sitting room, parlou?r, family room, den, drawing room, homes?, (?<!manor |court |station |ware )houses?, cottage, sofa, couch'),
    paint: livingRoom,
  },
  park: {
    match: words(
      '(?<!car |parking )parks?, gardens?, forest, woods, lake(side)?, pond, fields?, meadow, outdoors?, playground, picnic, farm(yard)?, barns?, orchard, vineyard, countryside, village, town square, plaza, camp(site)?, zoo, river(side|bank)?, hills?, mountain, trail, (tennis|basketball) court, stadium, arena, training ground, pitch, (back)?yard, greenhouse',
    ),
    paint: park,
  },
  courtroom: { match: words("courts?, courtroom, courthouse, trial, judge'?s?( chambers)?, jury( room)?, witness stand, hearing, tribunal, town hall, city hall, council"), paint: courtroom },
  'train station': { match: words('trains?, station, stations, railway, platforms?, subway, metro, tram, bus, buses, bus stop, carriage, depot'), paint: trainStation },
  office: {
    match: words(
      'offices?, desk, company, companies, corporate, boardroom, board room, meeting room, conference room, headquarters, hq, penthouse, law firm, banks?, cubicles?, workplace, work, agency',
    ),
    paint: office,
  },
  'mansion library': { match: words('mansions?, manor( house)?, library, libraries, study, estate, castle, chateau, villa, stately home, museum, gallery'), paint: library },
  'neon street at night': {
    match: words(
      'neon, streets?, city, cities, alley(way)?s?, arcade, club, clubs, nightclub, casino, downtown, avenue, roads?, sidewalk, pavement, car park, parking( lot| garage)?, night, midnight, nighttime, night time, after dark',
    ),
    paint: neonStreet,
  },
  'rainy window': { match: words('rain, rainy, raining, rainstorm, storms?, stormy, windows?, windowsill, thunder(storm)?, drizzle'), paint: rainyWindow },
};

/** Where a setting no background knows is played. */
const DEFAULT = 'living room';

export function backgroundFor(setting: string): { name: string; paint: Painter } {
  const found = Object.entries(BACKGROUNDS).find(([, b]) => b.match.test(setting));
  const [name, bg] = found ?? [DEFAULT, BACKGROUNDS[DEFAULT]!];
  return { name, paint: bg.paint };
}

export function paintBackground(ctx: Ctx, setting: string, w: number, h: number): void {
  const { name, paint } = backgroundFor(setting);
  ctx.save();
  paint(ctx, w, h, seededRandom(hashSeed(name + setting)));
  ctx.restore();
}
