/** `templates`: the enrolled pupils. Descriptors only: never portraits, never their file names. */
import { UserError } from '../../errors.js';
import type { Template } from '../../faces/engine-types.js';
import { msg } from '../../i18n/messages.js';
import { decodeDescriptor, encodeDescriptor, isRecord } from '../codec.js';
import { FORMAT_VERSION, type DocumentCodec } from './document.js';

export interface TemplateSet {
  /** The describer's `settingsKey` the descriptors were made with; others' descriptors are meaningless. */
  readonly describer: string;
  readonly templates: Template[];
  /** Pupil id → ISO date-time of the enrolment, so old portraits can be spotted. */
  readonly enrolledAt: Record<string, string>;
}

export const TEMPLATES_DOCUMENT: DocumentCodec<TemplateSet> = {
  name: 'templates',
  // Nobody enrolled yet: describer "".
  absent: () => ({ describer: '', templates: [], enrolledAt: {} }),
  rebuild: msg.store.rebuildTemplates,
  encode: (set, now) => ({
    version: FORMAT_VERSION,
    describer: set.describer,
    pupils: set.templates.map((t) => ({
      id: t.pupilId,
      enrolledAt: set.enrolledAt[t.pupilId] ?? now.toISOString(),
      descriptors: t.descriptors.map(encodeDescriptor),
    })),
  }),
  decode(raw) {
    if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION) return null;
    const { describer, pupils } = raw;
    if (typeof describer !== 'string' || !Array.isArray(pupils)) return null;
    const templates: Template[] = [];
    // No prototype: a pupil id like "__proto__" must stay an ordinary key.
    const enrolledAt = Object.create(null) as Record<string, string>;
    for (const pupil of pupils as unknown[]) {
      if (!isRecord(pupil)) return null;
      const { id, enrolledAt: at, descriptors } = pupil;
      if (typeof id !== 'string' || id === '' || typeof at !== 'string' || !Array.isArray(descriptors)) return null;
      if (Object.hasOwn(enrolledAt, id) || descriptors.length === 0) return null;
      const decoded = (descriptors as unknown[]).map(decodeDescriptor);
      if (decoded.some((d) => d === null)) return null;
      templates.push({ pupilId: id, descriptors: decoded as Float32Array[] });
      enrolledAt[id] = at;
    }
    return { describer, templates, enrolledAt };
  },
};

/**
 * Refuses templates made by another describer (another model or alignment: distances between its descriptors and
 * ours mean nothing, and a wrong "match" could publish a child).
 * @throws UserError when `set` holds descriptors from a describer other than `describerKey`.
 */
export function checkDescriber(set: TemplateSet, describerKey: string, file: string): void {
  if (set.templates.length > 0 && set.describer !== describerKey) {
    throw new UserError(msg.store.otherDescriber, { place: { file }, hint: msg.store.otherDescriberHint });
  }
}
