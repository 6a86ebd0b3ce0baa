// The models the emulator serves, as the real API describes them. By default the
// product's catalog (lib/ai/catalog.ts), so the emulator never knows a model id
// of its own; a test may pass an exact list. Any other id (a typo, a retired
// model such as the 2.5 family) answers 404 NOT_FOUND, as the real API does.
import { CATALOG, catalogModel, UNLISTED_THINKING, type ThinkingSpec } from "@/lib/ai/catalog";

export interface EmulatedModel {
  id: string;
  displayName: string;
  thinking: ThinkingSpec;
  inputTokenLimit: number;
  outputTokenLimit: number;
}

function describe(id: string): EmulatedModel {
  const known = catalogModel(id);
  return {
    id,
    displayName: id
      .split("-")
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(" "),
    thinking: known?.thinking ?? UNLISTED_THINKING,
    inputTokenLimit: known?.inputTokenLimit ?? 1_048_576,
    outputTokenLimit: known?.outputTokenLimit ?? 65_536,
  };
}

export class ModelRegistry {
  private readonly models: Map<string, EmulatedModel>;

  constructor(ids: readonly string[] = CATALOG.map((m) => m.id)) {
    this.models = new Map(ids.map((id) => [id, describe(id)]));
  }

  get(id: string): EmulatedModel | undefined {
    return this.models.get(id);
  }

  /** The Gemini API's Model resource (GET /v1beta/models/{m}). */
  static geminiResource(m: EmulatedModel): Record<string, unknown> {
    return {
      name: `models/${m.id}`,
      version: "001",
      displayName: m.displayName,
      description: `${m.displayName} (offline emulator)`,
      inputTokenLimit: m.inputTokenLimit,
      outputTokenLimit: m.outputTokenLimit,
      supportedGenerationMethods: ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"],
      temperature: 1,
      topP: 0.95,
      topK: 64,
      maxTemperature: 2,
      thinking: true,
    };
  }

  /** Vertex AI's PublisherModel resource (GET /v1/projects/{p}/locations/{l}/publishers/google/models/{m}). */
  static vertexResource(m: EmulatedModel): Record<string, unknown> {
    return {
      name: `publishers/google/models/${m.id}`,
      versionId: "001",
      openSourceCategory: "PROPRIETARY",
      launchStage: "GA",
      publisherModelTemplate: `projects/{project}/locations/{location}/publishers/google/models/${m.id}@001`,
    };
  }
}
