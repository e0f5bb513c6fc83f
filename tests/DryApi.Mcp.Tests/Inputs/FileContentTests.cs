using System.Buffers.Binary;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator.Media;
using static DryApi.Client.Contract.DryApiOperations;

namespace DryApi.Mcp.Tests.Inputs;

/// <summary>
/// A file is checked past its signature before anything reaches dryAPI: its header must hold up, and a picture must fit
/// the model's limits; the simulator then prices from the real size and length (issue 13, finding 13).
/// </summary>
public sealed class FileContentTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, string> JunkAfterASignature => new()
    {
        // tool, argument, file (base64), what the refusal says
        { "image_to_text", "image", PngClaimingAHugeSizeThenJunk(), "not a valid png image" },
        { "image_to_text_price", "image", PngClaimingAHugeSizeThenJunk(), "not a valid png image" },
        { "audio_transcription", "audio", SignatureThenJunk(SampleMedia.Wav(1), 12), "not a valid wav audio" },
        { "audio_transcription_price", "audio", SignatureThenJunk(SampleMedia.Wav(1), 12), "not a valid wav audio" },
        { "video_file_transcription", "video", SignatureThenJunk(SampleMedia.Mp4(64, 64, 1), 32), "not a valid mp4 video" },
        { "audio_to_video", "audio", SignatureThenJunk([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], 10), "not a valid mp3 audio" },
    };

    [Theory]
    [MemberData(nameof(JunkAfterASignature))]
    public async Task Junk_after_a_valid_signature_is_refused_naming_the_argument_and_nothing_reaches_dryapi(
        string tool, string argument, string file, string explanation)
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, tool, argument, file);

        Assert.True(result.IsError, result.Text());
        Assert.Contains($"'{argument}'", result.Text(), StringComparison.Ordinal);
        Assert.Contains(explanation, result.Text(), StringComparison.Ordinal);
        AssertNothingReached(key, tool);
    }

    [Fact]
    public async Task An_image_beyond_the_models_size_limits_is_refused_naming_the_limit()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "image_remove_background", "image", Convert.ToBase64String(SampleMedia.Png(2100, 40)));

        Assert.True(result.IsError, result.Text());
        Assert.Contains("'image'", result.Text(), StringComparison.Ordinal);
        Assert.Contains("2100×40 px, above Ben2's max_width of 2048", result.Text(), StringComparison.Ordinal);
        Assert.Contains("Resize it to a width of 32–2048", result.Text(), StringComparison.Ordinal);
        AssertNothingReached(key, "image_remove_background");
    }

    [Fact]
    public async Task An_image_beyond_the_sane_maximum_is_refused_where_the_model_sets_no_input_limit()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "image_to_image", "image", Convert.ToBase64String(OneBitBmp(20000, 1)));

        Assert.True(result.IsError, result.Text());
        Assert.Contains("'image'", result.Text(), StringComparison.Ordinal);
        Assert.Contains("20000×1 px; at most 16384 px per side", result.Text(), StringComparison.Ordinal);
        AssertNothingReached(key, "image_to_image");
    }

    [Fact]
    public async Task A_valid_image_is_priced_from_its_real_size()
    {
        // img2txt costs input megapixels × 0.005: 2000×1000 px is 2 MP, 0.01 USD (a JPEG used to be read as 1024×1024).
        var result = await CallAsync(harness.NewKey(), "image_to_text_price", "image", Convert.ToBase64String(SampleMedia.Jpeg(2000, 1000)));

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(0.01m, result.StructuredContent!.Value.GetProperty("price_usd").GetDecimal());
    }

    [Fact]
    public async Task A_valid_recording_is_priced_from_its_real_length()
    {
        // Transcription costs 0.021 USD an hour: 30 s of MP3 is 0.000175 USD (its size used to be read as 7.5 s).
        var result = await CallAsync(harness.NewKey(), "audio_transcription_price", "audio", Convert.ToBase64String(SampleMedia.Mp3(30)));

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(0.000175m, result.StructuredContent!.Value.GetProperty("price_usd").GetDecimal());
    }

    private static string PngClaimingAHugeSizeThenJunk()
    {
        // The finding's file: a PNG signature and an IHDR chunk claiming 2147483647×2147483647 px, then anything.
        var header = SampleMedia.Png(8, 8).AsSpan(0, 33).ToArray();
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(16), int.MaxValue);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(20), int.MaxValue);
        return SignatureThenJunk(header, header.Length);
    }

    private static string SignatureThenJunk(byte[] file, int kept)
    {
        var junk = new byte[4096];
        new Random(13).NextBytes(junk);
        return Convert.ToBase64String([.. file.AsSpan(0, kept), .. junk]);
    }

    /// <summary>A valid, tiny 1-bit BMP of any size (a row of 20000 pixels is 2500 bytes).</summary>
    private static byte[] OneBitBmp(int width, int height)
    {
        const int PixelOffset = 14 + 40 + 8; // file header, info header, two palette entries
        var stride = (width + 31) / 32 * 4;
        var bmp = new byte[PixelOffset + (stride * height)];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), PixelOffset);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1); // planes
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 1); // bits per pixel
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(46), 2); // colours used
        bmp.AsSpan(58, 4).Fill(0xFF); // palette entry 1: white
        return bmp;
    }

    private void AssertNothingReached(string key, string tool)
    {
        var paid = tool.EndsWith("_price", StringComparison.Ordinal) ? tool[..^"_price".Length] : tool;
        var sample = ToolSamples.All[paid];
        var quote = ToolSamples.All[paid + "_price"].Operation;
        Assert.Empty(harness.RequestsBy(key, sample.Operation));
        Assert.Empty(harness.RequestsBy(key, quote));
    }

    private async Task<ModelContextProtocol.Protocol.CallToolResult> CallAsync(string key, string tool, string argument, string file)
    {
        await using var client = await harness.ConnectAsync(key);
        var paid = tool.EndsWith("_price", StringComparison.Ordinal) ? tool[..^"_price".Length] : tool;
        var arguments = new Dictionary<string, object?>(await ToolSamples.All[paid].Arguments(client)) { [argument] = file };
        if (argument == "image")
        {
            arguments.Remove("images");
        }

        return await client.CallToolAsync(tool, arguments, cancellationToken: CancellationToken);
    }
}
