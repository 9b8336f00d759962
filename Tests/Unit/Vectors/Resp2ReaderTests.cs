using System.Text;
using StackExchange.Redis;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class Resp2ReaderTests
{
    [Fact]
    public void EveryRespTwoTypeIsReadAsStackExchangeRedisWouldHandItOver()
    {
        var reply = Resp2Reader.Read(Encoding.ASCII.GetBytes("*5\r\n+OK\r\n:42\r\n$4\r\na\r\nb\r\n$-1\r\n*0\r\n"));

        var items = (RedisResult[])reply!;
        Assert.Equal(ResultType.SimpleString, items[0].Resp2Type);
        Assert.Equal("OK", (string?)items[0]);
        Assert.Equal(42, (long)items[1]);
        Assert.Equal("a\r\nb", (string?)items[2]);
        Assert.True(items[3].IsNull);
        Assert.Empty((RedisResult[])items[4]!);
    }

    [Fact]
    public void AnErrorReplyIsAnErrorResult()
    {
        var reply = Resp2Reader.Read(Encoding.ASCII.GetBytes("-ERR nope\r\n"));

        Assert.Equal(ResultType.Error, reply.Resp2Type);
        Assert.Equal("ERR nope", reply.ToString());
    }

    [Fact]
    public void BytesLeftAfterTheReplyAreRefused()
    {
        Assert.Throws<FormatException>(() => Resp2Reader.Read(Encoding.ASCII.GetBytes("+OK\r\n+OK\r\n")));
    }
}
