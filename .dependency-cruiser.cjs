/** The import rules of ARCHITECTURE.md, checked by `npm run lint` (dependency-cruiser). */
module.exports = {
  forbidden: [
    {
      name: 'core-knows-no-implementation',
      comment: 'The core knows no platform, writer, renderer, queue or media store: it talks to them through src/core/ports.ts.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(adapters|writer|render|queue|media)/|^src/(app|cli|demo|render-one|config)\\.ts$' },
    },
    {
      name: 'adapters-know-no-other-adapter',
      comment: 'What two adapters share goes into the core, commands/format.ts or src/adapters/connection.ts.',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/[^/]+/', pathNot: '^src/adapters/$1/' },
    },
    {
      name: 'writers-and-renderer-know-no-adapter-or-queue',
      severity: 'error',
      from: { path: '^src/(writer|render)/' },
      to: { path: '^src/(adapters|queue)/' },
    },
    {
      name: 'no-circular-core',
      comment: 'Cycles inside the core hide which module holds what.',
      severity: 'warn',
      from: { path: '^src/core/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
