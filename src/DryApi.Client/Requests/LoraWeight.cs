namespace DryApi.Client.Requests;

/// <summary>A LoRA to apply: <see cref="Name"/> is the model's <c>loras[].name</c>, never its display name.</summary>
public sealed record LoraWeight(string Name, double Weight);
