// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Runs calls in order as itself, reverting if one fails: how a smart wallet's batch (a
/// multicall, a Safe's MultiSend, an EIP-5792 batch) pays several invoices in one transaction.
contract BatchCaller {
    struct Call {
        address target;
        bytes data;
    }

    function execute(Call[] calldata calls) external {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, bytes memory result) = calls[i].target.call(calls[i].data);
            if (!ok) {
                assembly {
                    revert(add(result, 32), mload(result))
                }
            }
        }
    }
}

/// Sends `count` transfers of `amount` of `token` to `to` from its own balance in one
/// transaction. Calldata past the arguments is ignored, so a caller can append any bytes.
contract Sprayer {
    function spray(address token, address to, uint256 amount, uint256 count) external {
        for (uint256 i = 0; i < count; i++) {
            (bool ok, bytes memory result) = token.call(
                abi.encodeWithSelector(0xa9059cbb, to, amount)
            );
            require(ok && (result.length == 0 || abi.decode(result, (bool))), "transfer failed");
        }
    }
}
