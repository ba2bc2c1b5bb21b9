// Validates an OpenAPI 2.0 file with @apidevtools/swagger-parser (schema, $refs, path parameters, unique
// operationIds). Prints the number of operations; exits 1 with the parser's message when the file is invalid.
// Usage: node validate-openapi.js FILE
const SwaggerParser = require('@apidevtools/swagger-parser');

const file = process.argv[2];
SwaggerParser.validate(file)
  .then((api) => {
    const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
    const operations = Object.values(api.paths)
      .reduce((n, path) => n + Object.keys(path).filter((m) => methods.includes(m)).length, 0);
    process.stdout.write(JSON.stringify({ valid: true, operations }) + '\n');
  })
  .catch((err) => {
    process.stderr.write(`${file}: ${err.message}\n`);
    process.exit(1);
  });
