import type {
  TrafficRouter,
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';

/** The router reads back exactly these weights from what it wrote. */
export async function expectWeights(
  router: TrafficRouter,
  target: TrafficTarget,
  weights: TrafficWeights,
): Promise<void> {
  await expect(router.getWeights(target)).resolves.toEqual(weights);
}
