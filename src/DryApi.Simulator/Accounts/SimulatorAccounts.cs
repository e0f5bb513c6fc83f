using System.Security.Cryptography;
using System.Collections.Concurrent;

namespace DryApi.Simulator;

/// <summary>The accounts behind the API keys: who may call, and how much money each has left.</summary>
public sealed class SimulatorAccounts
{
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);

    internal SimulatorAccounts(IEnumerable<SimulatorKey> keys)
    {
        foreach (var key in keys)
        {
            Add(key);
        }
    }

    /// <summary>Adds a key, or replaces the account of a key that exists.</summary>
    public void Add(SimulatorKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(key.Key);
        _accounts[key.Key] = new Account(key.Balance, key.Tier, key.Suspended)
        {
            WebhookSecret = key.WebhookSecret is { Length: > 0 } secret ? secret : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        };
    }

    /// <summary>Adds a key with the given balance and tier.</summary>
    public void Add(string key, decimal balance, RateTier tier = RateTier.Basic, bool suspended = false) =>
        Add(new SimulatorKey { Key = key, Balance = balance, Tier = tier, Suspended = suspended });

    /// <summary>The secret that signs the key's webhooks (<c>X-dryAPI-Signature</c>); throws <see cref="KeyNotFoundException"/> for an unknown key.</summary>
    public string WebhookSecretOf(string key) => Find(key).WebhookSecret;

    public bool Contains(string key) => _accounts.ContainsKey(key);

    /// <summary>The key's balance now; throws <see cref="KeyNotFoundException"/> for an unknown key.</summary>
    public decimal BalanceOf(string key) =>
        _accounts.TryGetValue(key, out var account) ? account.Balance : throw new KeyNotFoundException("No such API key.");

    /// <summary>Sets the balance of an existing key.</summary>
    public void SetBalance(string key, decimal balance) => Find(key).Balance = balance;

    /// <summary>Suspends or reinstates an existing key (a suspended key gets 403).</summary>
    public void SetSuspended(string key, bool suspended) => Find(key).Suspended = suspended;

    /// <summary>Moves a key to another rate tier, e.g. after its jobs were submitted without limits.</summary>
    public void SetTier(string key, RateTier tier) => Find(key).Tier = tier;

    internal Account? TryFind(string key) => _accounts.TryGetValue(key, out var account) ? account : null;

    private Account Find(string key) =>
        _accounts.TryGetValue(key, out var account) ? account : throw new KeyNotFoundException("No such API key.");

    internal sealed class Account(decimal balance, RateTier tier, bool suspended)
    {
        private readonly Lock _gate = new();
        private decimal _balance = balance;

        public RateTier Tier { get; set; } = tier;

        public bool Suspended { get; set; } = suspended;

        public required string WebhookSecret { get; init; }

        public decimal Balance
        {
            get
            {
                lock (_gate)
                {
                    return _balance;
                }
            }

            set
            {
                lock (_gate)
                {
                    _balance = value;
                }
            }
        }

        /// <summary>Takes <paramref name="amount"/> from the balance if it is there; false leaves it untouched.</summary>
        public bool TryCharge(decimal amount)
        {
            lock (_gate)
            {
                if (_balance < amount)
                {
                    return false;
                }

                _balance -= amount;
                return true;
            }
        }
    }
}
