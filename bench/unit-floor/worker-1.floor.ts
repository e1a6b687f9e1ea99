// Floor file 1 of 2, one per unit worker (vitest.config.ts here).
import { floorTest } from './product';

floorTest();
