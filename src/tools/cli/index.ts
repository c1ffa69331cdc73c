import { main } from './main.js';

// A closed pipe (`ntsim pe … | head`) ends the run quietly, as other CLI tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
main(process.argv);
