// Floor file 2 of 2, one per unit worker (vitest.config.ts here).
import { floorTest } from './product';

floorTest();
