namespace DryApi.Client.Media;

/// <summary>
/// What a media file's header says about it: the pixel size of an image or video, the length of audio or video.
/// A value is null where the format does not record it in a header that is cheap to read.
/// </summary>
public sealed record MediaHeader(int? Width = null, int? Height = null, double? Seconds = null);
