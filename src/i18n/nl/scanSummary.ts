import type { Shape } from '../catalogue.js';
import type { scanSummary as en } from '../en/scanSummary.js';

export const scanSummary: Shape<typeof en> = {
  forTarget: (target: string) => `Voor ${target}:`,
  findingFaces: (photo: string) => `gezichten zoeken in ${photo}`,
  writing: (photo: string) => `${photo} schrijven`,
  notStarted: (targets: string) => `Niet begonnen (eerder gestopt): ${targets}. Geef dezelfde opdracht nog eens om af te maken.`,
  interrupted: (photos: string) => `Onderbroken na ${photos} foto's; het verslag noemt alleen die. Geef dezelfde opdracht nog eens om af te maken.`,
  scanned: (photos: string, target: string) => `${photos} foto's gescand voor ${target}.`,
  publish: (n: string) => `  gepubliceerd zoals ze zijn: ${n}`,
  anonymised: (n: string) => `  gepubliceerd met gezichten onherkenbaar gemaakt: ${n}`,
  dropped: (n: string) => `  weggelaten: ${n}`,
  review: (n: string) => `  door jou te beoordelen: ${n}`,
  errors: (n: string) => `  fouten (onleesbaar, veranderd tijdens de scan, of een oude kopie die niet weg kon; zie het verslag): ${n}`,
  faces: (n: string) => `  gezichten gevonden: ${n}`,
  skipped: (n: string) => `  niet verwerkt (video's, snelkoppelingen, andere bestanden; niet gecontroleerd, niet in de kopie; het verslag noemt ze met de reden): ${n}`,
  kept: (n: string) => `${n} van deze foto's stonden al ongewijzigd in de kopie van de vorige keer en zijn zo gelaten.`,
  copied: (n: string) => `${n} foto's verbergen dezelfde gezichten als in een scan voor een ander bereik, dus is de kopie van die scan gebruikt in plaats van ze opnieuw te maken.`,
  notEnrolled: (n: string) => `Let op: van ${n} leerlingen op de lijst is geen gezicht ingelezen; zij kunnen niet herkend worden, dus hun gezichten tellen als onbekend.`,
  changed: (withdrawn: string, replaced: string, added: string) =>
    `Veranderd sinds de vorige scan: ${withdrawn} ingetrokken, ${replaced} vervangen, ${added} nieuw (zie bovenaan het verslag).`,
  takeDown: (file: string) => `  Haal de kopieën die je eerder gedeeld hebt offline of vervang ze: ${file} noemt ze.`,
  output: (folder: string) => `Kopie: ${folder}`,
  reviewFolder: (folder: string) => `Beoordelen: ${folder}  (bekijk deze voordat je er een deelt)`,
  report: (file: string) => `Verslag: ${file}`,
};
