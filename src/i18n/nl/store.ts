import type { Shape } from '../catalogue.js';
import type { store as en } from '../en/store.js';

export const store: Shape<typeof en> = {
  documentAltered: 'Dit bestand van privacy-filter is veranderd of onvolledig: het laat zich niet ontsleutelen (een afgebroken kopie, een schijffout of een bewerking).',
  documentDamaged: 'Dit bestand van privacy-filter is beschadigd (misschien een afgebroken kopie of met de hand bewerkt).',
  rebuildConfig: 'Voer privacy-filter enroll --roster <csv> --portraits <map> (of init) opnieuw uit om het opnieuw te maken.',
  rebuildTemplates: 'De ingelezen gezichten zijn hieruit niet terug te halen: zet .privacy-filter terug uit een back-up, of voer privacy-filter enroll opnieuw uit.',
  rebuildScans: 'Verwijder het: het noemt alleen de verslagmappen van eerdere scans, en de volgende scan begint een nieuwe lijst.',
  rebuildSettings: 'Verwijder het en stel de bewaartermijn opnieuw in met privacy-filter config --retention <dagen>.',
  rebuildOther: 'Zet het terug uit een back-up, of verwijder het.',
  cacheEntryDamaged: (file: string) => `${file} is veranderd of beschadigd; de foto wordt opnieuw geanalyseerd.`,
  correctionsDamaged: 'Het bestand met je correcties is beschadigd (misschien een afgebroken kopie of met de hand bewerkt).',
  correctionsDamagedHint: 'Zet het terug uit een back-up, of verwijder het en maak de correcties opnieuw in privacy-filter review.',
  cacheEntryOutside: (file: string, dir: string) => `de opgeslagen analyse ${file} zou buiten ${dir} liggen (een symbolische koppeling?): die is niet gebruikt.`,
  otherDescriber: 'De ingelezen gezichten zijn gemaakt met een andere versie van de gezichtsherkenning en zijn niet te vergelijken.',
  otherDescriberHint: 'Voer privacy-filter enroll opnieuw uit om alle leerlingen met deze versie opnieuw in te lezen.',

  encryptedAlready: 'Deze opslag is al versleuteld; --no-encrypt geldt alleen voor een nieuwe opslag.',
  encryptedAlreadyHint: 'Laat --no-encrypt weg. Er is niets veranderd.',
  lostVault: (files: string, more: number) =>
    `vault.json ontbreekt, maar de opslag bevat versleutelde bestanden (${files}${more > 0 ? ` en nog ${more}` : ''}): zonder vault.json zijn ze niet te openen, ook niet met het wachtwoord.`,
  lostVaultHint: (storeDir: string) =>
    `Zet vault.json terug in ${storeDir} uit een back-up (of kopieer de hele map .privacy-filter opnieuw). Er is niets veranderd of verwijderd. ` +
    'Alleen als er geen back-up is: privacy-filter forget --all --lost-passphrase wist de opslag, en je leest de leerlingen opnieuw in.',
  encryptedStore: (storeDir: string, files: number) =>
    `De opslag in ${storeDir} is versleuteld (${files} ${files === 1 ? 'bestand' : 'bestanden'}); de onversleutelde bestanden zijn verwijderd. ` +
    'De opgeslagen analyses van foto\'s zijn gewist: de volgende scan analyseert de foto\'s opnieuw.',
  plainFileIgnored: (file: string) => `${file} is niet versleuteld en wordt genegeerd (de opslag is versleuteld); verwijder het.`,
  sweptCache: (removed: number, cacheDir: string) =>
    `${removed} ${removed === 1 ? 'analyse' : 'analyses'} van foto's ouder dan de bewaartermijn verwijderd uit ${cacheDir}.`,

  noTerminalForNewPassphrase: 'Welk nieuw wachtwoord? Er is geen terminal om het in te vragen.',
  noTerminalForNewPassphraseHint: (newEnv: string, env: string) =>
    `Voer privacy-filter passphrase uit in een terminal, of zet ${newEnv} (en ${env} op het huidige wachtwoord).`,
  noTerminalToChoosePassphrase: 'De ingelezen gezichten worden versleuteld bewaard, met een wachtwoord dat je zelf kiest, en er is geen terminal om het in te vragen.',
  noTerminalToUnlock: 'De ingelezen gezichten hier zijn versleuteld, en er is geen terminal om het wachtwoord in te vragen.',
  noTerminalHint: (env: string) => `Zet ${env} op het wachtwoord (voor taken zonder terminal), of voer de opdracht uit in een terminal. Er is niets veranderd.`,
  passphraseTooShort: (min: number) => `Het wachtwoord moet minstens ${min} tekens hebben.`,
  passphraseTooShortHint: 'Kies een langer wachtwoord, bijvoorbeeld vier woorden die niets met elkaar te maken hebben. Er is niets veranderd.',
  vaultDamaged: 'vault.json, waarin de sleutel van de versleutelde opslag staat, is beschadigd.',
  vaultDamagedHint: 'Zet .privacy-filter terug uit een back-up; zonder dit bestand zijn de ingelezen gezichten niet te lezen. Of wis de map en lees de leerlingen opnieuw in.',
  wrongPassphrase: 'Het wachtwoord klopt niet: het opent de versleutelde opslag niet.',
  wrongPassphraseHint: (env: string) =>
    `Controleer ${env}, of typ het opnieuw. Ben je het kwijt, dan zijn de ingelezen gezichten niet terug te halen: wis de opslag met privacy-filter forget --all --lost-passphrase en voer init opnieuw uit. Er is niets veranderd.`,

  nothingHeld: (id: string) => `Over leerlingnummer "${id}" is niets bewaard: geen ingelezen gezicht, geen correctie. Er is niets gewist.`,
  nothingHeldHint: 'Vergelijk het nummer met de leerlingenlijst; privacy-filter show <leerlingnummer> laat zien wat er bewaard is.',
  oldPortraitsHeading: 'Portretfoto\'s ouder dan een schooljaar (kinderen veranderen; een recente portretfoto wordt beter herkend):',
  oldTemplatesHeading: 'Meer dan een schooljaar geleden ingelezen en nu niet vernieuwd: lees ze opnieuw in met een nieuwe portretfoto, of vergeet ze als ze van school zijn:',
  enrolledOn: (pupil: string, date: string) => `${pupil}: ingelezen op ${date}`,
};
