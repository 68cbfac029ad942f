throw new Error('msgpackr-extract is stubbed out (see npm-stubs/README.md); msgpackr uses its JavaScript path');
