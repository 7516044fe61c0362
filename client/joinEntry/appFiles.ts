/**
 * The app's files, as the build wrote them into the inline join entry (inlineJoinEntry.ts takes
 * them from the tags Vite put into index.html for client/main.tsx, and removes those tags: on a
 * student's join link the app must not share the weak link with the join; docs/weak-networks.md
 * "The join entry").
 */
export interface AppFiles {
  /** The app's entry script (`/assets/app-….js`). */
  script: string;
  /** The chunks it imports statically. */
  preloads: string[];
  /** Its stylesheets, loaded before it runs. */
  styles: string[];
}

/** Replaced by the build with the JSON of this build's files (esbuild's `define`). */
declare const __LOPHOC_APP_FILES__: AppFiles;

export function appFiles(): AppFiles {
  return __LOPHOC_APP_FILES__;
}
