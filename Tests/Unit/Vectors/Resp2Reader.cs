using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace RedisAspire.Tests.Unit.Vectors;

/// <summary>Reads one RESP2 reply into the <see cref="RedisResult"/> StackExchange.Redis would hand the parser.</summary>
internal static class Resp2Reader
{
    public static RedisResult Read(byte[] bytes)
    {
        var position = 0;
        var result = ReadOne(bytes, ref position);
        if (position != bytes.Length)
        {
            throw new FormatException($"{bytes.Length - position} bytes left after the reply.");
        }

        return result;
    }

    private static RedisResult ReadOne(byte[] bytes, ref int position)
    {
        var type = (char)bytes[position++];
        var line = ReadLine(bytes, ref position);
        switch (type)
        {
            case '+':
                return RedisResult.Create(line, ResultType.SimpleString);
            case '-':
                return RedisResult.Create(line, ResultType.Error);
            case ':':
                return RedisResult.Create(long.Parse(line, CultureInfo.InvariantCulture), ResultType.Integer);
            case '$':
                var length = int.Parse(line, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return RedisResult.Create(RedisValue.Null, ResultType.BulkString);
                }

                var value = bytes.AsSpan(position, length).ToArray();
                position += length;
                Expect(bytes, ref position, "\r\n");
                return RedisResult.Create(value, ResultType.BulkString);
            case '*':
                var count = int.Parse(line, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return RedisResult.Create((RedisResult[])null!);
                }

                var items = new RedisResult[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = ReadOne(bytes, ref position);
                }

                return RedisResult.Create(items);
            default:
                throw new FormatException($"Unknown RESP2 type '{type}' at {position - 1}.");
        }
    }

    private static string ReadLine(byte[] bytes, ref int position)
    {
        var end = bytes.AsSpan(position).IndexOf("\r\n"u8);
        if (end < 0)
        {
            throw new FormatException("A line without CRLF.");
        }

        var line = Encoding.UTF8.GetString(bytes, position, end);
        position += end + 2;
        return line;
    }

    private static void Expect(byte[] bytes, ref int position, string text)
    {
        if (!bytes.AsSpan(position).StartsWith(Encoding.ASCII.GetBytes(text)))
        {
            throw new FormatException($"Expected CRLF at {position}.");
        }

        position += text.Length;
    }
}
