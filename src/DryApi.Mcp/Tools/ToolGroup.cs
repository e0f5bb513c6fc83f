namespace DryApi.Mcp.Tools;

/// <summary>Groups of tools a deployment or a client with a tool limit can include or exclude.</summary>
public enum ToolGroup
{
    /// <summary>Image generation, editing, upscaling, background removal, OCR.</summary>
    Image,

    /// <summary>Video generation, upscaling, background removal.</summary>
    Video,

    /// <summary>Speech and music.</summary>
    Audio,

    /// <summary>Transcription of video and audio, by URL or file.</summary>
    Transcription,

    Embedding,

    /// <summary>Prompt boosters and sample prompts.</summary>
    Prompts,

    /// <summary>The <c>*_price</c> quote tools.</summary>
    Prices,

    /// <summary>Balance, models and job status.</summary>
    Account,
}
