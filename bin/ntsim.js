#!/usr/bin/env node
import '../dist/tools/cli/index.js';
