import type { Shape } from '../catalogue.js';
import type { reviewPageExtra as en } from '../en/review-page-extra.js';

export const reviewPageExtra: Shape<typeof en> = {
  outcomeShown: 'Na Toepassen: jouw correctie besliste over dit gezicht, en het is zichtbaar in de uitvoer.',
  outcomeAnonymised: 'Na Toepassen: jouw correctie besliste over dit gezicht, en het is onherkenbaar gemaakt in de uitvoer.',
  outcomeNoConsent: 'Na Toepassen: {name} heeft geen toestemming voor {scope}, dus blijft dit gezicht onherkenbaar.',
  outcomeOverruled:
    'Niet toegepast: de herkenning weet zeker dat dit {name} is, een leerling zonder toestemming voor {scope}, dus blijft dit gezicht onherkenbaar, wat de correctie ook zegt.',
  appliedOverruled: 'Bij {count} van je correcties hield de toestemming een gezicht onherkenbaar: die foto\'s hebben een ⚠ in de lijst.',
  listOverruled: 'De toestemming hield een gezicht dat je corrigeerde in deze foto onherkenbaar',
  listMore: 'Meer foto\'s…',
};
