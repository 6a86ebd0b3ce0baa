// The emulator's own tokenizer: it stands for Google's counter, so it keeps its
// own vocabulary and memo rather than sharing the app's (the app's can be
// unloaded or fail in a test while the emulator goes on counting).
import { createTokenizer } from "@/lib/ai/tokenizer";

export const tokens = createTokenizer();
