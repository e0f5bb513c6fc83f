using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DryApi.Client.Contract;

namespace DryApi.Client.Http;

/// <summary>Builds one HTTP request for an operation, afresh for every attempt, with the caller's key on it.</summary>
internal static class RequestMessageFactory
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    public static HttpRequestMessage Create(OperationContract contract, Type declaredType, object request, DryApiCredential credential)
    {
        var message = new HttpRequestMessage(
            contract.Verb == HttpVerb.Get ? HttpMethod.Get : HttpMethod.Post,
            RelativeUri(contract, declaredType, request));
        message.Options.Set(DryApiRequestOptions.Operation, contract);
        message.Headers.Accept.Add(AcceptJson);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.ApiKey);
        message.Content = contract.Encoding switch
        {
            BodyEncoding.Json => JsonBody(declaredType, request),
            BodyEncoding.Multipart => MultipartEncoder.Encode(declaredType, request),
            _ => null,
        };
        return message;
    }

    private static ByteArrayContent JsonBody(Type declaredType, object request)
    {
        var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, declaredType, DryApiJson.Options));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return body;
    }

    /// <summary>The operation's path with <c>{name}</c> segments filled, and query parameters for GET operations.</summary>
    private static Uri RelativeUri(OperationContract contract, Type declaredType, object request)
    {
        var path = new StringBuilder(DryApiOperations.BasePath.TrimStart('/')).Append(contract.Path);
        if (contract.Encoding != BodyEncoding.Query && !contract.Path.Contains('{', StringComparison.Ordinal))
        {
            return new Uri(path.ToString(), UriKind.Relative);
        }

        var query = new List<string>();
        foreach (var (name, value, _) in WireProperties.Read(declaredType, request))
        {
            if (value is null)
            {
                continue;
            }

            var text = value is IEnumerable<string> items ? string.Join(',', items) : WireProperties.FormatScalar(value);
            var placeholder = "{" + name + "}";
            if (contract.Path.Contains(placeholder, StringComparison.Ordinal))
            {
                path.Replace(placeholder, PathSegment(name, text));
            }
            else if (contract.Encoding == BodyEncoding.Query)
            {
                query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(text)}");
            }
        }

        if (query.Count > 0)
        {
            path.Append('?').AppendJoin('&', query);
        }

        return new Uri(path.ToString(), UriKind.Relative);
    }

    /// <summary>
    /// A value escaped as one path segment. An empty, <c>.</c> or <c>..</c> value would address another path
    /// (<see cref="Uri"/> removes dot segments even when escaped as <c>%2E</c>), so it is refused.
    /// </summary>
    private static string PathSegment(string name, string value) =>
        value is "" or "." or ".."
            ? throw new ArgumentException($"'{value}' cannot be the path parameter {name}: it would address another path of dryAPI.", name)
            : Uri.EscapeDataString(value);
}
