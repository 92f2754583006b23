import type { Shape } from '../catalogue.js';
import type { correct as en } from '../en/correct.js';

export const correct: Shape<typeof en> = {
  usage: 'Gebruik: privacy-filter correct <foto> <gezicht> <leerlingnummer | not-a-pupil | blur | not-a-face>, of --add-box x,y,breedte,hoogte, --drop, of --undo <gezicht>.',
  whatCorrection: 'Wat is de verbetering?',
  oneAtATime: 'Geef één verbetering tegelijk.',
  notFaceNumber: (face: string) => `"${face}" is geen nummer van een gezicht.`,
  notFaceNumberHint: 'Gebruik het nummer dat bij het vak om het gezicht staat in report.html (1, 2, …).',
  whoIsFace: (n: number) => `Wie of wat is gezicht ${n}?`,
  whichPhoto: 'Welke foto?',
  whichPhotoHint: 'Gebruik: privacy-filter correct <foto> <gezicht> <leerlingnummer | not-a-pupil | blur | not-a-face>, of correct --group <id> <wie-of-wat>.',
  faceIsPupil: (face: number, name: string, id: string) => `gezicht ${face} is ${name} (leerling ${id})`,
  faceIs: (face: number, what: string) => `gezicht ${face}: ${what}`,
  addedBox: (x: number, y: number, width: number, height: number) => `een gezicht op ${x},${y} (${width}×${height}), altijd onherkenbaar gemaakt`,
  dropped: 'de foto blijft weg uit elke kopie',
  undropped: 'de foto blijft niet langer weg',
  undone: (face: number) => `de verbetering van gezicht ${face} is ongedaan gemaakt`,
  boxRemoved: 'het getekende vak is weggehaald',
  stored: (photo: string, said: string) => `Bewaard voor ${photo}: ${said}.`,
  runAgain: (command: string) => `Voer de scan opnieuw uit om het toe te passen (elk bereik past het toe): ${command}`,
  groupUsage: 'Gebruik: privacy-filter correct --group <id> <leerlingnummer | not-a-pupil | blur>.',
  groupWithPhotoOptions: '--group benoemt een hele groep; --add-box, --drop en --undo gaan over één foto.',
  whoIsGroup: 'Wie of wat is deze groep?',
  onlyWho: 'Geef bij --group alleen wie of wat de groep is.',
  groupNotAFace: 'Een hele groep kan niet not-a-face (geen gezicht) genoemd worden.',
  groupNotAFaceHint: 'Benoem die gezichten een voor een: privacy-filter correct <foto> <gezicht> not-a-face.',
  exceptNeedsGroup: '--except laat een gezicht buiten een groep, dus het werkt alleen met --group.',
  exceptNeedsGroupHint: 'Gebruik: privacy-filter correct --group <id> <wie-of-wat> --except <foto>:<gezicht>.',
  pupil: (name: string, id: string) => `${name} (leerling ${id})`,
  storedGroup: (count: number, group: string, said: string) =>
    `Bewaard voor ${count === 1 ? 'het ene gezicht' : `de ${count} gezichten`} van groep ${group}: ${said}.`,
  groupFace: (photo: string, face: number) => `  ${photo}, gezicht ${face}`,
  notInGroupScan: (photo: string) => `${photo} is geen foto van de scan waaruit deze groep komt.`,
  notInGroupScanHint: 'Geef het pad van een foto in de map die je gescand hebt, zoals bij correct <foto>.',
  reviewing: (folder: string, photos: number, open: boolean) =>
    `Beoordelen van ${folder} (${photos} ${photos === 1 ? 'foto' : "foto's"}). ${open ? 'Je browser opent de pagina;' : 'Open het adres hierboven in je browser;'} druk daar op Klaar of hier op Ctrl-C om te stoppen.`,
  reviewFinished: 'Beoordelen klaar. Je verbeteringen zijn bewaard; elke volgende scan van deze foto\'s past ze toe.',
};
