import { serveTasks } from '../workers/serve-tasks.js';
import { rekeyHere, type RekeyTask } from './rekey-database.js';

/** The worker side of rekeyDatabase: one re-key; its failure goes back as error data. */
serveTasks<RekeyTask, void>(({ path, oldKey, newKey }) => rekeyHere(path, Buffer.from(oldKey, 'hex'), Buffer.from(newKey, 'hex')));
