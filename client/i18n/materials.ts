import { enMaterials } from './enMaterials.js';
import { scoped } from './i18n.js';
import { viMaterials } from './viMaterials.js';

/** The materials pages' messages; only their chunk imports this module. */
export const tMat = scoped({ vi: viMaterials, en: enMaterials });
