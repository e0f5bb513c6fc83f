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
    private static readonly IPNetwork[] Blocked =
    [
        // IPv4: this network, private, CGNAT (and Alibaba's metadata), loopback, link-local (cloud metadata),
        // IETF and documentation ranges, 6to4 relay, benchmarking, multicast, reserved and broadcast.
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),

        // IPv6: unspecified, loopback, IPv4-compatible, NAT64, discard, IETF (Teredo), documentation, 6to4,
        // unique local (incl. fd00:ec2::254), link-local, site-local, multicast.
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("::/96"), IPNetwork.Parse("64:ff9b::/96"),
        IPNetwork.Parse("64:ff9b:1::/48"), IPNetwork.Parse("100::/64"), IPNetwork.Parse("2001::/23"),
        IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("2002::/16"), IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"),
    ];

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

    /// <summary>Whether a connection to the address may be opened. IPv4-mapped IPv6 addresses are judged as IPv4.</summary>
    public bool Permits(IPAddress address)
    {
        var effective = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (allowed.Any(network => network.Contains(effective)))
        {
            return true;
        }

        return effective.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
               && !Blocked.Any(network => network.Contains(effective));
    }

    /// <summary>Whether the address is one explicitly allowed by configuration (only those may be fetched over http).</summary>
    public bool IsExplicitlyAllowed(IPAddress address)
    {
        var effective = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return allowed.Any(network => network.Contains(effective));
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
