using System.Net;

namespace DryApi.Mcp.Auth;

/// <summary>
/// The address a per-client limit counts against: IPv4 as is (IPv4-mapped IPv6 as IPv4), IPv6 by its /64 prefix,
/// since one host is routinely given a whole /64 and could otherwise take a fresh address for every request.
/// </summary>
internal static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
