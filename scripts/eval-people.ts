/**
 * People groups on real photos (../shared/faces): three people are left without portraits (Obama, Biden, Angelina
 * Jolie), six others are enrolled from up to three photos each. The event folder is every group photo plus the other
 * photos of all nine (copies and crops of one shot left out). Each photo is analysed and matched as the scan does;
 * the faces nobody was matched to are grouped (src/people/groups.ts). Printed per threshold: into how many groups
 * each unenrolled person's faces fall, how many groups mix two people, and how many actions name all their faces —
 * one per face before, one per group (plus one per foreign face taken out first) after.
 *   npm run build && node dist/scripts/eval.js people
 *
 * Who a face is: in an identity photo, its largest face is that person (every other face is a stranger of its own);
 * in a group photo, among the people photos.csv says are in it, each face goes to the nearest person's mean
 * descriptor over all their photos, within 0.55, one face per person. That oracle uses the same recogniser as the
 * grouping, so a face it cannot place counts as a stranger: a group that mixes it in counts as mixed.
 */
import { createDescriber } from '../src/faces/describer.js';
import { createDetector } from '../src/faces/detector.js';
import { GROUP_DEFAULTS, groupPeople, type PersonFace } from '../src/people/groups.js';
import { trustedFace } from '../src/people/quality.js';
import { LEFT_OUT, PORTRAITS_EACH, analysePeopleEvent, unmatchedFaces } from './people-event.js';

const THRESHOLDS = [0.4, 0.45, 0.5, 0.55, 0.6];

interface Face {
  readonly photo: string;
  readonly label: string;
  readonly person: PersonFace;
}

export async function evalPeople(): Promise<void> {
  const [detector, describer] = await Promise.all([createDetector(), createDescriber()]);
  try {
    const { templates, photos, groupPhotos, placed } = await analysePeopleEvent({ detector, describer });
    const faces: Face[] = [];
    for (const a of photos) {
      const labels = placed(a);
      for (const { index, descriptor } of unmatchedFaces(a, templates)) {
        const detection = a.detections[index]!;
        // As the scan: a face the detector was unsure of stays alone (src/people/quality.ts).
        const person = { photo: a.file, box: detection.box, descriptor, trusted: trustedFace(detection.score) };
        faces.push({ photo: a.file, label: labels[index] ?? `stranger@${a.file}#${index}`, person });
      }
    }
    const say = (line: string): void => void process.stdout.write(`${line}\n`);
    const short = (p: string): string => p.split(':')[1]!;
    say('\n== People groups: unenrolled people in an event (src/people/groups.ts, docs/people.md)');
    say(`${LEFT_OUT.length} people without portraits (${LEFT_OUT.map(short).join(', ')}), ${templates.length} enrolled from up to ${PORTRAITS_EACH} photos each;`);
    say(`${photos.length} event photos (${groupPhotos} group photos), ${faces.length} faces nobody was matched to (unknown or uncertain), of which`);
    for (const person of LEFT_OUT) say(`  ${short(person)}: ${faces.filter((f) => f.label === person).length}`);
    say(`  strangers and enrolled people not recognised: ${faces.filter((f) => !LEFT_OUT.includes(f.label)).length}`);
    for (const threshold of THRESHOLDS) {
      const groups = groupPeople(faces.map((f) => f.person), { maxDistance: threshold });
      const labelsOf = groups.map((g) => g.members.map((m) => faces[m]!.label));
      const known = (label: string): boolean => !label.startsWith('stranger@');
      const knownIn = (labels: readonly string[]): Set<string> => new Set(labels.filter(known));
      // Two people the oracle can tell apart in one group: the merge that must not happen.
      const mixed = labelsOf.filter((labels) => knownIn(labels).size > 1);
      // A known person with faces the oracle could not place: perhaps that person, perhaps not.
      const withStrangers = labelsOf.filter((labels) => knownIn(labels).size === 1 && labels.some((l) => !known(l)));
      const strangersOnly = labelsOf.filter((labels) => labels.length > 1 && knownIn(labels).size === 0);
      let before = 0;
      let after = 0;
      const per: string[] = [];
      for (const person of LEFT_OUT) {
        const own = faces.filter((f) => f.label === person).length;
        const theirs = labelsOf.filter((labels) => labels.includes(person));
        // Naming a group that holds anyone else too (or a face the oracle could not place) takes that face out first:
        // one action each, counted against grouping.
        const takeOut = theirs.reduce((n, labels) => n + labels.filter((l) => l !== person).length, 0);
        before += own;
        after += theirs.length + takeOut;
        per.push(`${short(person)} ${own} faces in ${theirs.length} group${theirs.length === 1 ? '' : 's'} (largest ${Math.max(0, ...theirs.map((l) => l.filter((x) => x === person).length))})`);
      }
      const mark = threshold === GROUP_DEFAULTS.maxDistance ? ' (default)' : '';
      say(`maxDistance ${threshold.toFixed(2)}${mark}: ${groups.length} groups; ${per.join('; ')}`);
      const named = (labels: readonly string[]): string => labels.map((l) => (known(l) ? short(l) : 'unplaced')).join('+');
      say(`  groups mixing two known people: ${mixed.length}${mixed.length > 0 ? ` (${mixed.map(named).join(', ')})` : ''}`);
      say(`  groups of a known person with faces the oracle could not place: ${withStrangers.length}${withStrangers.length > 0 ? ` (${withStrangers.map(named).join(', ')})` : ''}`);
      say(`  groups of several unplaced faces (strangers; nobody can say here whether each is one person): ${strangersOnly.length}`);
      say(`  actions to name the ${LEFT_OUT.length} people's faces: ${before} one per face, ${after} by group (taking out a foreign face counts as one)`);
    }
  } finally {
    await Promise.allSettled([detector.close(), describer.close()]);
  }
}
