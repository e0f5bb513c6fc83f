using System.Globalization;

namespace DryApi.Simulator.Validation;

/// <summary>Laravel's message bag: the messages of each failing field, in the order they were found.</summary>
internal sealed class ValidationErrors
{
    private readonly List<KeyValuePair<string, List<string>>> _fields = [];

    public bool IsEmpty => _fields.Count == 0;

    public int Count => _fields.Sum(f => f.Value.Count);

    public IEnumerable<KeyValuePair<string, List<string>>> Fields => _fields;

    public string FirstMessage => _fields[0].Value[0];

    public bool Contains(string key) => _fields.Any(f => f.Key == key);

    public void Add(string key, string message)
    {
        var index = _fields.FindIndex(f => f.Key == key);
        if (index < 0)
        {
            _fields.Add(new(key, [message]));
        }
        else
        {
            _fields[index].Value.Add(message);
        }
    }

    /// <summary>The error key Laravel uses for a field: <c>images[]</c> is reported as <c>images</c>.</summary>
    public static string KeyOf(string fieldName) =>
        fieldName.EndsWith("[]", StringComparison.Ordinal) ? fieldName[..^2] : fieldName;

    /// <summary>How Laravel names a field in a message: <c>negative_prompt</c> reads <c>negative prompt</c>.</summary>
    public static string AttributeOf(string key) => key.Replace('_', ' ');

    /// <summary>A number as Laravel prints a rule's parameter: <c>10</c>, <c>0.5</c>.</summary>
    public static string Format(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
