// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// The smallest smart-contract wallet: one owner key. Under ERC-1271 it vouches for the owner's
/// signatures (as a Safe or a smart account vouches by its own rules), and it runs the calls the
/// owner sends. Tests use it as a payer that is a contract, not a key.
contract Erc1271Wallet {
    /// bytes4(keccak256("isValidSignature(bytes32,bytes)")): ERC-1271's answer for a valid signature.
    bytes4 private constant ERC1271_MAGIC_VALUE = 0x1626ba7e;

    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    /// Valid when ECDSA-recovering `hash` itself (no prefix added) from `signature` gives the owner.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(hash, signature);
        if (error == ECDSA.RecoverError.NoError && signer == owner) return ERC1271_MAGIC_VALUE;
        return 0xffffffff;
    }

    /// Calls `to` as the wallet, with `value` wei; only the owner may. Reverts with the callee's reason.
    function execute(address to, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        require(msg.sender == owner, "Erc1271Wallet: caller is not the owner");
        (bool ok, bytes memory result) = to.call{value: value}(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    receive() external payable {}
}
