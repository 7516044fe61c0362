import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findViolations, importSpecifiers, readRepositorySources, subModuleOf } from './importBoundaries.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('import boundaries', () => {
  it('the repository follows the module table', () => {
    const files = readRepositorySources(root);
    expect(files.length).toBeGreaterThan(10);
    expect(findViolations(files)).toEqual([]);
  });

  it('finds static, type-only, re-export and dynamic imports', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../platform/index.js';",
      "export * from './c.js';",
      "const d = await import('./d.js');",
      "// import { e } from './commented.js';",
      "import 'side-effect';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a.js', '../platform/index.js', './c.js', './d.js', 'side-effect']);
  });

  it('rejects an import the table forbids', () => {
    const v = findViolations([{ path: 'classroom/Lesson.ts', text: "import { x } from '../sfu/index.js';" }]);
    expect(v).toEqual([{ file: 'classroom/Lesson.ts', specifier: '../sfu/index.js', reason: 'classroom may not import sfu' }]);
  });

  it('rejects reaching into another module\'s private files', () => {
    const v = findViolations([{ path: 'signaling/main.ts', text: "import { x } from '../sfu/mediasoup/WorkerHost.js';" }]);
    expect(v[0]?.reason).toMatch(/private files/);
  });

  it('allows the public surface of an allowed module and testkit from tests only', () => {
    expect(findViolations([{ path: 'signaling/main.ts', text: "import { x } from '../sfu/index.js';" }])).toEqual([]);
    // proto's HTTP shapes have a surface of their own; their files do not.
    expect(findViolations([{ path: 'client/net/bankApi.ts', text: "import { x } from '../../proto/http/index.js';" }])).toEqual([]);
    expect(findViolations([{ path: 'client/net/bankApi.ts', text: "import { x } from '../../proto/http/assessment.js';" }])).toHaveLength(1);
    expect(findViolations([{ path: 'sfu/a.int.test.ts', text: "import { x } from '../testkit/mediasoupEngine.js';" }])).toEqual([]);
    expect(findViolations([{ path: 'sfu/a.ts', text: "import { x } from '../testkit/mediasoupEngine.js';" }])).toHaveLength(1);
  });

  it('makes one feature of classroom/ (or one slice of signaling/features/) reach another only through its index.ts', () => {
    const v = findViolations([
      { path: 'classroom/quiz/LiveQuiz.ts', text: "import { HandQueue } from '../hands/HandQueue.js';" },
      { path: 'signaling/features/quiz/handlers.ts', text: "import { handToProto } from '../hands/codec.js';" },
    ]);
    expect(v.map((x) => x.reason)).toEqual([
      "reaches into classroom/hands's private files; import classroom/hands/index.js",
      "reaches into signaling/features/hands's private files; import signaling/features/hands/index.js",
    ]);
  });

  it('allows a feature its own files, other features\' index.ts, and fixtures to reach anywhere', () => {
    expect(
      findViolations([
        { path: 'classroom/quiz/LiveQuiz.ts', text: "import { x } from './QuizTypes.js'; import { y } from '../liveRoom/index.js';" },
        { path: 'classroom/index.ts', text: "export * from './quiz/index.js';" },
        { path: 'classroom/__fixtures__/world.ts', text: "import { TEST_ARGON2 } from '../accounts/passwords.js';" },
        { path: 'classroom/quiz/LiveQuiz.test.ts', text: "import { world } from '../__fixtures__/world.js';" },
        { path: 'signaling/features/quiz/handlers.ts', text: "import { joined } from '../context.js';" },
      ]),
    ).toEqual([]);
    expect(subModuleOf('classroom/store/contract/target.ts')).toBe('classroom/store');
    expect(subModuleOf('classroom/index.ts')).toBeUndefined();
  });
});
