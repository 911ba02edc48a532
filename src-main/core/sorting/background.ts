/**
 * When is a photo "in" a category folder, for CLIP-style (softmax) models?
 *
 * A raw similarity means little on its own: its scale differs between models
 * and between descriptions. So each photo is also compared with descriptions
 * of nothing in particular ("a photo", "a picture", "an image"). A folder takes
 * the photo only if its description fits the photo better than those do,
 * i.e. the model, asked "this folder's description, or just a photo?", answers
 * the folder with probability ≥ ½ (softmax of the two, at the model's own
 * logit scale). Among the folders that pass, the best one wins; if none
 * passes, the photo stays Unsorted.
 *
 * Each folder is judged on its own, so this works the same with 2 folders or
 * 50. Sigmoid models (SigLIP) need no background: their probability is
 * calibrated by training, σ(scale·s + bias) ≥ ½ (see sorter.ts).
 */
export const BACKGROUND_PROMPTS = ['a photo', 'a picture', 'an image'] as const;
