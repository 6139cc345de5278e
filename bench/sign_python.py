"""Signatures per second of Huawei's official Python SDK signer (huaweicloudsdkcore)
on the same request the Rust benchmark signs. Also checks both agree."""
import sys
import time

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

creds = GlobalCredentials("HPUAEXAMPLEAK0000001", "Xk9fTq2LmZ8vR4wB7nJc1EaYs6HdUo3GpKiV0tNf", "f9e8d7c6b5a4938271605f4e3d2c1b0a")
BODY = '{"resource_ids":["6743d0e3708be6007b8c8012"],"period_type":2,"period_num":1}'


def request():
    return SdkRequest(method="POST", schema="https", host="bss.myhuaweicloud.com",
                      resource_path="/v2/orders/subscriptions/resources/renew", uri="/v2/orders/subscriptions/resources/renew",
                      query_params=[], header_params={"Content-Type": "application/json", "X-Sdk-Date": "20240115T080910Z",
                                                      "X-Domain-Id": "f9e8d7c6b5a4938271605f4e3d2c1b0a"}, body=BODY)


signer = Signer(creds)
first = signer.sign(request()).header_params["Authorization"]
n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
t = time.perf_counter()
for _ in range(n):
    signer.sign(request())
rate = n / (time.perf_counter() - t)
print(f"signatures per second (one core, Python SDK {__import__('huaweicloudsdkcore').__name__}): {rate:.0f}")
print(f"python authorization: {first}")
