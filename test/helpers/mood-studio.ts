import { createHash } from 'node:crypto';
import { jsonReply, type RecordedRequest, type Reply } from './fake-gemini-server';
import { callKind, geminiStudio } from './gemini-studio';

/**
 * The scripted studio of `geminiStudio`, whose prompts follow what they were asked: each prompt carries a
 * short hash of the request, so another mood (or other analyses, another count) writes other prompts, and
 * so asks for other images, as a real model would.
 */
export async function moodStudio(): Promise<(request: RecordedRequest) => Reply> {
  const studio = await geminiStudio();
  return (request) => {
    if (callKind(request) !== 'prompts') return studio(request);
    const asked = createHash('sha256')
      .update(JSON.stringify(request.body.contents))
      .digest('hex')
      .slice(0, 8);
    const schema = request.body.generationConfig?.responseJsonSchema as {
      properties: { prompts: { minItems: number } };
    };
    const prompts = Array.from({ length: schema.properties.prompts.minItems }, (_, i) => ({
      text: `look-${i} (${asked}): a linen coat in morning light`,
      palette: ['#efe7dc', '#c8b29a'],
      composition: 'centered',
    }));
    return jsonReply({ prompts });
  };
}
