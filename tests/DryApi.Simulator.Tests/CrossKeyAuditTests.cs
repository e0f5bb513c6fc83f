using System.Net;
using DryApi.Client.Contract;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>The audit that checks every request's key against the client that caused it, and jobs' retention.</summary>
public sealed class CrossKeyAuditTests : IAsyncLifetime
{
    private const string Key = "1|audited-owner";
    private const string OtherKey = "2|audited-other";
    private const string Marker = "[client 001]";

    private readonly ManualClock _clock = new();
    private RunningSimulator? _simulator;
    private ApiClient? _owner;
    private ApiClient? _other;
    private ValidRequests? _requests;

    private RunningSimulator Simulator => _simulator!;

    private ApiClient Owner => _owner!;

    private ApiClient Other => _other!;

    private static OperationContract TextToImage => DryApiOperations.TextToImage.Contract;

    public async ValueTask InitializeAsync()
    {
        _simulator = await RunningSimulator.StartAsync(
            options =>
            {
                options.Keys.AddRange([Simulators.Key(Key), Simulators.Key(OtherKey)]);
                options.JobDurations[JobKind.Image] = TimeSpan.FromSeconds(10);
                options.JobRetention = TimeSpan.FromMinutes(1);
            },
            _clock,
            TestContext.Current.CancellationToken);
        _owner = new ApiClient(_simulator.BaseAddress, Key);
        _other = new ApiClient(_simulator.BaseAddress, OtherKey);
        _requests = await ValidRequests.LoadAsync(_owner);
        Simulator.Audit.Expect(Marker, Key);
    }

    public async ValueTask DisposeAsync()
    {
        _owner?.Dispose();
        _other?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_marker_under_its_own_key_is_counted_and_under_another_key_is_a_violation()
    {
        var checkedBefore = Simulator.Audit.RequestsChecked;

        await Owner.SubmitAsync(TextToImage, Prompted($"a fox {Marker}"));
        await Owner.SubmitAsync(TextToImage, Prompted("a fox without a marker"));
        await Other.SubmitAsync(TextToImage, Prompted($"a stolen fox {Marker}"));

        Assert.Equal(3, Simulator.Audit.RequestsChecked - checkedBefore);
        Assert.Equal(2, Simulator.Audit.MarkedRequests);
        var violation = Assert.Single(Simulator.Audit.Violations);
        Assert.Equal(1, Simulator.Audit.ViolationCount);
        Assert.Equal("/api/v1/client/txt2img", violation.Path);
        Assert.Equal("a request bearing [client 001] came with a key no marker was registered for", violation.Reason);
    }

    [Fact]
    public async Task Asking_for_another_keys_job_is_a_violation_and_the_owner_is_known()
    {
        var requestId = await Owner.SubmitAsync(TextToImage, Prompted("a fox"));

        var own = await Owner.StatusAsync(requestId);
        var foreign = await Other.StatusAsync(requestId);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (own.Status, foreign.Status));
        Assert.Equal(Key, Simulator.JobOwner(requestId));
        var violation = Assert.Single(Simulator.Audit.Violations);
        Assert.Equal("a key no marker was registered for asked for a job created with the key registered for [client 001]", violation.Reason);
        Assert.DoesNotContain(Key, violation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_is_forgotten_at_a_submission_once_the_retention_has_passed_since_it_was_due_to_finish()
    {
        var old = await Owner.SubmitAsync(TextToImage, Prompted("an old fox"));
        _clock.Advance(TimeSpan.FromSeconds(10) + TimeSpan.FromSeconds(50));
        var kept = await Owner.SubmitAsync(TextToImage, Prompted("a fox within the retention"));
        var stillThere = Simulator.JobOwner(old);

        // Submissions sweep at most once per quarter of the retention (15 s); the last sweep was at the second one.
        _clock.Advance(TimeSpan.FromSeconds(16));
        await Owner.SubmitAsync(TextToImage, Prompted("a fox that sweeps"));

        Assert.Equal(Key, stillThere);
        Assert.Null(Simulator.JobOwner(old));
        Assert.Equal(HttpStatusCode.NotFound, (await Owner.StatusAsync(old)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Owner.StatusAsync(kept)).Status);
        Assert.Empty(Simulator.Audit.Violations);
    }

    private WireBody Prompted(string prompt) => _requests!.For(TextToImage).With("prompt", WireParameter.Of(prompt));
}
