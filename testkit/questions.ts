/** One valid question of each kind, for tests outside classroom/ (which may not reach into its fixtures). */
export * from '../classroom/__fixtures__/questions.js';
