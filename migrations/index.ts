import type { Migration } from 'kysely';
import * as m001 from './001_initial.js';
import * as m002 from './002_writer_fallback.js';
import * as m003 from './003_poll_ballots.js';
import * as m004 from './004_moderator_role.js';
import * as m005 from './005_leases.js';
import * as m006 from './006_job_keys.js';
import * as m007 from './007_channel_upload_limit.js';
import * as m008 from './008_story_model.js';
import * as m009 from './009_channel_reach.js';
import * as m010 from './010_studio_votes.js';
import * as m011 from './011_channel_language.js';
import * as m012 from './012_credits.js';
import * as m013 from './013_recaps.js';
import * as m014 from './014_release_schedule.js';
import * as m015 from './015_sponsors.js';
import * as m016 from './016_insight.js';
import * as m018 from './018_exports.js';
import * as m019 from './019_first_vote.js';

/** Every migration, in order. Listed statically so that tsx and compiled builds find the same set. */
export const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_writer_fallback': m002,
  '003_poll_ballots': m003,
  '004_moderator_role': m004,
  '005_leases': m005,
  '006_job_keys': m006,
  '007_channel_upload_limit': m007,
  '008_story_model': m008,
  '009_channel_reach': m009,
  '010_studio_votes': m010,
  '011_channel_language': m011,
  '012_credits': m012,
  '013_recaps': m013,
  '014_release_schedule': m014,
  '015_sponsors': m015,
  '016_insight': m016,
  '018_exports': m018,
  '019_first_vote': m019,
};
