namespace DryApi.Mcp.Tools;

/// <summary>What the server tells a model about using it, once, at connection.</summary>
internal static class ServerGuide
{
    public const string Instructions =
        "dryAPI runs open models for images, video, speech, music, transcription, OCR and embeddings. " +
        "Generation tools are paid per job: each call submits a job, waits for it and returns the result (a URL, or text). " +
        "Every *_price tool quotes the same parameters for free; use it before an expensive call. " +
        "If a tool returns a request_id with status pending or processing, the job is still running and already paid for: " +
        "call check_job_status with that request_id instead of submitting again. " +
        "model and the sizes, steps and other settings a model has defaults for may be left out: the server picks a fast model and " +
        "uses its defaults, and the result says which. get_available_models (or the resource dryapi://models/{inference_type}) lists " +
        "valid model slugs, their limits and defaults; get_balance shows the account balance.";
}
