using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

/// <summary>Resolves a host name to its addresses; tests replace DNS with a fixed answer.</summary>
internal delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);

/// <summary>
/// The SSRF guard for outbound fetches (client metadata documents, file arguments given as URLs): names are resolved
/// here, and a connection is opened only when every address is public unicast (or in the configured allowed networks,
/// e.g. <see cref="OAuthOptions.ClientMetadataAllowedNetworks"/>). The check runs for each connection, so a redirect
/// or a rebinding DNS answer gets no further than the first request.
/// </summary>
internal sealed class OutboundAddressPolicy
{
    /// <summary>
    /// Every range of the IANA IPv4 Special-Purpose Address Registry that is not globally reachable, plus multicast
    /// (reviewed against the registry in December 2026). The registry's globally reachable entries (AS112, AMT) stay permitted.
    /// </summary>
    private static readonly IPNetwork[] BlockedIPv4 =
    [
        IPNetwork.Parse("0.0.0.0/8"), // "this network" (RFC 791)
        IPNetwork.Parse("10.0.0.0/8"), // private (RFC 1918)
        IPNetwork.Parse("100.64.0.0/10"), // shared address space, CGNAT; Alibaba Cloud's metadata at 100.100.100.200 (RFC 6598)
        IPNetwork.Parse("127.0.0.0/8"), // loopback (RFC 1122)
        IPNetwork.Parse("169.254.0.0/16"), // link-local; the cloud metadata address 169.254.169.254 (RFC 3927)
        IPNetwork.Parse("172.16.0.0/12"), // private (RFC 1918)
        IPNetwork.Parse("192.0.0.0/24"), // IETF protocol assignments: DS-Lite, NAT64 discovery, dummy address (RFC 6890)
        IPNetwork.Parse("192.0.2.0/24"), // documentation, TEST-NET-1 (RFC 5737)
        IPNetwork.Parse("192.88.99.0/24"), // deprecated 6to4 relay anycast (RFC 7526)
        IPNetwork.Parse("192.168.0.0/16"), // private (RFC 1918)
        IPNetwork.Parse("198.18.0.0/15"), // benchmarking (RFC 2544)
        IPNetwork.Parse("198.51.100.0/24"), // documentation, TEST-NET-2 (RFC 5737)
        IPNetwork.Parse("203.0.113.0/24"), // documentation, TEST-NET-3 (RFC 5737)
        IPNetwork.Parse("224.0.0.0/4"), // multicast (RFC 5771)
        IPNetwork.Parse("240.0.0.0/4"), // reserved, and the limited broadcast 255.255.255.255 (RFC 1112, RFC 919)
    ];

    /// <summary>
    /// Only global unicast is permitted in IPv6 (IANA IPv6 Address Space Registry). That alone refuses the unspecified
    /// and loopback addresses, IPv4-compatible (::/96) and IPv4-translated (::ffff:0:0:0/96) addresses, the local-use
    /// NAT64 prefix 64:ff9b:1::/48, discard-only and dummy prefixes (100::/64, 100:0:0:1::/64), unique local
    /// (fc00::/7, incl. AWS's fd00:ec2::254), link-local, site-local and multicast.
    /// </summary>
    private static readonly IPNetwork GlobalUnicastIPv6 = IPNetwork.Parse("2000::/3");

    /// <summary>The ranges inside global unicast that the IANA IPv6 Special-Purpose Address Registry marks not globally reachable, or that tunnel to IPv4.</summary>
    private static readonly IPNetwork[] BlockedIPv6 =
    [
        // IETF protocol assignments (RFC 2928): Teredo 2001::/32 (embeds an IPv4 address), benchmarking 2001:2::/48 and
        // ORCHID; refused whole, though a few anycast services in it (PCP, TURN, AMT, AS112) are globally reachable.
        IPNetwork.Parse("2001::/23"),
        IPNetwork.Parse("2001:db8::/32"), // documentation (RFC 3849)
        IPNetwork.Parse("2002::/16"), // 6to4, embeds an IPv4 address and reaches it through any relay (RFC 3056, deprecated by RFC 7526)
        IPNetwork.Parse("3fff::/20"), // documentation (RFC 9637)
        IPNetwork.Parse("5f00::/16"), // SRv6 segment identifiers (RFC 9602)
    ];

    /// <summary>
    /// The well-known NAT64 prefix (RFC 6052): 64:ff9b::a.b.c.d is a.b.c.d reached through the network's NAT64
    /// gateway, so it is judged as that IPv4 address; DNS64 answers with these on IPv6-only networks.
    /// </summary>
    private static readonly IPNetwork Nat64WellKnown = IPNetwork.Parse("64:ff9b::/96");

    private readonly IPNetwork[] allowed;
    private readonly HostResolver resolve;

    public OutboundAddressPolicy(IOptions<OAuthOptions> options)
        : this(options.Value.ClientMetadataAllowedNetworks, Dns.GetHostAddressesAsync)
    {
    }

    private OutboundAddressPolicy(IEnumerable<string> allowedNetworks, HostResolver resolve)
    {
        allowed = [.. allowedNetworks.Select(network => IPNetwork.Parse(network))];
        this.resolve = resolve;
    }

    /// <summary>A guard that also opens <paramref name="allowedNetworks"/> (CIDR) and resolves names with <paramref name="resolve"/>.</summary>
    public static OutboundAddressPolicy For(IEnumerable<string> allowedNetworks, HostResolver resolve) => new(allowedNetworks, resolve);

    /// <summary>
    /// Whether a connection to the address may be opened. IPv4-mapped (::ffff:a.b.c.d) and well-known NAT64
    /// (64:ff9b::a.b.c.d) addresses are judged as the IPv4 address they reach.
    /// </summary>
    public bool Permits(IPAddress address)
    {
        var effective = Reached(address);
        if (allowed.Any(network => network.Contains(effective)))
        {
            return true;
        }

        return effective.AddressFamily switch
        {
            AddressFamily.InterNetwork => !BlockedIPv4.Any(network => network.Contains(effective)),
            AddressFamily.InterNetworkV6 => GlobalUnicastIPv6.Contains(effective) && !BlockedIPv6.Any(network => network.Contains(effective)),
            _ => false,
        };
    }

    /// <summary>Whether the address is one explicitly allowed by configuration (only those may be fetched over http).</summary>
    public bool IsExplicitlyAllowed(IPAddress address)
    {
        var effective = Reached(address);
        return allowed.Any(network => network.Contains(effective));
    }

    /// <summary>The IPv4 address an IPv4-mapped or well-known NAT64 address reaches; any other address itself.</summary>
    private static IPAddress Reached(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return Nat64WellKnown.Contains(address) ? new IPAddress(address.GetAddressBytes().AsSpan(12)) : address;
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolve, check every address, then connect.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await resolve(host, cancellationToken);
        if (addresses.Length == 0 || !addresses.All(Permits))
        {
            throw new OutboundAddressRefusedException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A connection the guard refused because the host is, or resolves to, an address that is not public.</summary>
internal sealed class OutboundAddressRefusedException(string host)
    : HttpRequestException($"The host '{host}' resolves to an address that is not public; it is not fetched.")
{
    public string Host { get; } = host;
}
