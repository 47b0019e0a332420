import { afterEach, describe, expect, it } from 'vitest';
import { createThreadEngine, type EngineApi } from '../../../src/modules/matching/engine/host.js';
import { DEFAULT_PARAMS } from '../../../src/modules/matching/scoring/index.js';
import { demoDemands, demoExperts, demoOffers } from './demo-inputs.js';
import { makeOffer, NOW } from './factories.js';

const params = { ...DEFAULT_PARAMS, now: NOW };
const none = { excluded: [], usedByDemand: [], usedByOffer: [], expertLoad: [] };
let engine: EngineApi | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('the engine in its worker thread', () => {
  it('runs a whole match behind a heap bound and hands out the proposals in chunks', async () => {
    engine = createThreadEngine({ heapMb: 256 });
    expect(await engine.sync({ offers: demoOffers(), demands: demoDemands(), experts: demoExperts() })).toEqual({ offers: demoOffers().length, demands: demoDemands().length });
    await engine.candidates({ scope: 'all', params });
    const result = await engine.assign({ params, ...none });
    const first = await engine.proposals({ from: 0, to: 10 });
    const rest = await engine.proposals({ from: 10, to: result.selected });
    expect([...first.proposals, ...rest.proposals].map((p) => `${p.offerId}:${p.demandId}`)).toEqual(result.keys);
    const memory = await engine.memory();
    expect(memory.heapUsedMb).toBeGreaterThan(0);
    expect(memory.heapTotalMb).toBeGreaterThanOrEqual(memory.heapUsedMb);
  });

  it('fails a call that outgrows the bound with a message naming the setting, then starts afresh', async () => {
    engine = createThreadEngine({ heapMb: 48 });
    // ~150 MB of texts in the thread: more than the bound, whatever the thread's baseline.
    const big = Array.from({ length: 1_000 }, (_, i) => makeOffer({ id: `big-${i}`, description: { vi: `mô tả ${i} `.repeat(8_000) } }));
    await expect(engine.sync({ offers: big })).rejects.toThrow(/out of memory at its heap bound of 48 MB; raise MATCH_ENGINE_HEAP_MB/);
    // The next call gets a fresh, empty engine.
    expect(await engine.sync({ offers: demoOffers().slice(0, 3) })).toEqual({ offers: 3, demands: 0 });
  }, 60_000);
});
