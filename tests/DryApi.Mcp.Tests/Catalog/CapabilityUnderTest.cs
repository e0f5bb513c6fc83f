using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Mcp.Tools;
using DryApi.Mcp.Tools.Catalog;
using DryApi.Mcp.Tools.Models;

namespace DryApi.Mcp.Tests.Catalog;

/// <summary>
/// One declared capability, driven the way its tools drive it: bind a <c>tools/call</c> argument object, resolve the
/// paid request, and map it to the quote its <c>_price</c> twin sends.
/// </summary>
internal sealed class CapabilityUnderTest
{
    private static readonly MethodInfo Bind = typeof(ToolArguments).GetMethod(nameof(ToolArguments.Bind))!;

    private readonly ICapability capability;
    private readonly Type argumentsType;

    private CapabilityUnderTest(ICapability capability)
    {
        this.capability = capability;
        var type = capability.GetType();
        argumentsType = type.GetGenericArguments()[0];
        Name = Read<ToolCard>("Card").Name;
        Run = Read<IDryApiOperation>("Run");
        Quote = Read<IDryApiOperation>("Quote");
    }

    public static IReadOnlyList<CapabilityUnderTest> All { get; } =
    [
        .. new[] { ImageCapabilities.All, VideoCapabilities.All, AudioCapabilities.All, TranscriptionCapabilities.All, EmbeddingCapabilities.All, PromptCapabilities.All }
            .SelectMany(capabilities => capabilities)
            .Select(capability => new CapabilityUnderTest(capability)),
    ];

    public string Name { get; }

    public IDryApiOperation Run { get; }

    public IDryApiOperation Quote { get; }

    public static CapabilityUnderTest Named(string name) => All.Single(capability => capability.Name == name);

    /// <summary>
    /// The paid request for these arguments, or the <see cref="ToolArgumentException"/> the tool would answer with. A job
    /// capability resolves against the model the server would choose from <paramref name="models"/>.
    /// </summary>
    public object Resolve(JsonObject arguments, ModelCatalog models)
    {
        var bound = Unwrapped(() => Bind.MakeGenericMethod(argumentsType).Invoke(null, [ToDictionary(arguments)]));
        var resolve = Read<Delegate>("Resolve");
        return resolve.Method.GetParameters().Length == 1
            ? Unwrapped(() => resolve.DynamicInvoke(bound))
            : Unwrapped(() => resolve.DynamicInvoke(bound, ModelChoice.From(models, Run.Contract.InferenceType!, (string?)arguments["model"])));
    }

    /// <summary>What the <c>_price</c> twin sends for a resolved paid request (a synchronous capability quotes the request itself).</summary>
    public object QuoteOf(object request) =>
        capability.GetType().GetProperty("ToQuote") is { } toQuote
            ? Unwrapped(() => ((Delegate)toQuote.GetValue(capability)!).DynamicInvoke(request))
            : request;

    public override string ToString() => Name;

    private static Dictionary<string, JsonElement> ToDictionary(JsonObject arguments) =>
        arguments.ToDictionary(pair => pair.Key, pair => JsonSerializer.SerializeToElement(pair.Value));

    private static object Unwrapped(Func<object?> call)
    {
        try
        {
            return call()!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }

    private T Read<T>(string property) => (T)capability.GetType().GetProperty(property)!.GetValue(capability)!;
}
