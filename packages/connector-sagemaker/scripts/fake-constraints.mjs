// The constraints the fake enforces on the JSON requests it serves (src/fake/aws-request-constraints.json):
// from the fixture's merged models, each JSON operation's input shape and the shapes below it that lead to a
// constrained value (a length, size, range, pattern or enum), nothing else, so the fake refuses what the
// 2022 models constrain without shipping the models.

const KEPT = ['min', 'max', 'pattern', 'jsPattern', 'enum'];

/** The fake's constraint table of the JSON `services` of the fixture. */
export function requestConstraints(services) {
  const out = {};
  for (const [id, model] of Object.entries(services)) {
    if (model.metadata.protocol !== 'json') continue;
    const shapes = {};
    const memo = new Map();
    /** Whether shape `name` constrains anything; if so, its compact entry is in `shapes`. */
    const visit = (name) => {
      if (memo.has(name)) return memo.get(name);
      memo.set(name, false); // a recursive shape constrains nothing through itself
      const shape = model.shapes[name];
      const entry = { type: shape.type };
      for (const key of KEPT) if (shape[key] !== undefined) entry[key] = shape[key];
      let constrained = Object.keys(entry).length > 1;
      if (shape.type === 'structure') {
        const members = {};
        for (const [member, ref] of Object.entries(shape.members ?? {}))
          if (visit(ref.shape)) members[member] = ref.shape;
        if (Object.keys(members).length > 0) {
          entry.members = members;
          constrained = true;
        }
      } else if (shape.type === 'list' && shape.member && visit(shape.member.shape)) {
        entry.member = shape.member.shape;
        constrained = true;
      } else if (shape.type === 'map') {
        for (const side of ['key', 'value'])
          if (shape[side] && visit(shape[side].shape)) {
            entry[side] = shape[side].shape;
            constrained = true;
          }
      }
      if (constrained) shapes[name] = entry;
      memo.set(name, constrained);
      return constrained;
    };
    const operations = {};
    for (const [name, operation] of Object.entries(model.operations))
      if (operation.input && visit(operation.input.shape)) operations[name] = operation.input.shape;
    out[id] = {
      operations,
      shapes: Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  return out;
}
