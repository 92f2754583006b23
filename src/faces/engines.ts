/** The two face engines a job needs, created together and closed together. */
import { createDescriber } from './describer.js';
import { createDetector } from './detector.js';
import type { FaceDescriber, FaceDetector } from './engine-types.js';

export interface FaceEngines {
  readonly detector: FaceDetector;
  readonly describer: FaceDescriber;
  close(): Promise<void>;
}

/**
 * A detector and a describer; if the describer cannot start, the detector is closed again.
 * @throws UserError when a model is missing or altered.
 */
export async function createFaceEngines(options: { threads?: number } = {}): Promise<FaceEngines> {
  const detector = await createDetector(options.threads === undefined ? {} : { threads: options.threads });
  try {
    const describer = await createDescriber(options.threads === undefined ? {} : { threads: options.threads });
    return {
      detector,
      describer,
      close: async () => {
        await Promise.allSettled([detector.close(), describer.close()]);
      },
    };
  } catch (caught) {
    await detector.close();
    throw caught;
  }
}
