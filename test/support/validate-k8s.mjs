// Validates every object of the given Kubernetes manifests against the Kubernetes API schemas that
// the `kubernetes-models` packages ship (ES modules only, hence this script beside the Jest spec).
// Prints one JSON line per object: {file, apiVersion, kind, name, errors}; exits 1 if any is invalid.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

let failed = false;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length) {
      failed = true;
      console.log(JSON.stringify({ file, errors: doc.errors.map((e) => e.message) }));
      continue;
    }
    const object = doc.toJS();
    if (!object) continue;
    const { apiVersion = '', kind = '', metadata = {} } = object;
    const line = { file, apiVersion, kind, name: metadata.name, errors: [] };
    // Core objects live under kubernetes-models/v1/<Kind>, the others under <group>/<version>/<Kind>.
    const path = `kubernetes-models/${apiVersion}/${kind}`;
    try {
      const Model = (await import(path))[kind];
      if (typeof Model !== 'function') throw new Error(`no model ${kind} in ${path}`);
      new Model(object).validate();
    } catch (error) {
      line.errors.push(error.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || error.code === 'ERR_MODULE_NOT_FOUND' ? `unknown apiVersion/kind ${apiVersion} ${kind}` : error.message);
    }
    if (line.errors.length) failed = true;
    console.log(JSON.stringify(line));
  }
}
process.exit(failed ? 1 : 0);
