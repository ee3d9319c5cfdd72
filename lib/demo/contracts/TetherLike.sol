// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title TetherLike
 * @notice The local chain's USDT: toward a payer and a payee it behaves as Tether's TetherToken on
 * Ethereum (0xdAC17F958D2ee523a2206206994597C13D831ec7), so checkout code that works here works
 * against the real one:
 * - transfer, transferFrom and approve return nothing (callers that expect a bool must not decode);
 * - decimals() is a uint256 (6), not a uint8;
 * - approve refuses to change a non-zero allowance to another non-zero value (set it to 0 first);
 * - an allowance of type(uint256).max is never spent;
 * - calldata shorter than the arguments is refused; longer calldata (an appended reference) is fine;
 * - no EIP-2612 permit and no EIP-3009 authorizations: the payer sends the transaction and pays gas.
 * Left out, as checkout never meets them: the transfer fee (zero on mainnet), pause, blacklist and
 * the upgrade to a successor contract. Only the owner mints.
 */
contract TetherLike {
    string public name;
    string public symbol;
    uint256 public decimals;
    uint256 public totalSupply;
    address public owner;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    // The owner is an argument, not msg.sender: the contract is deployed through a CREATE2 factory.
    constructor(string memory name_, string memory symbol_, uint256 decimals_, address owner_) {
        name = name_;
        symbol = symbol_;
        decimals = decimals_;
        owner = owner_;
    }

    // Tether's guard against short-address attacks. Like Tether's, it reverts without a reason.
    modifier onlyPayloadSize(uint256 size) {
        require(msg.data.length >= size + 4);
        _;
    }

    /// @notice Creates test money; only the owner (dev account 0) can.
    function mint(address to, uint256 amount) external {
        require(msg.sender == owner);
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function transfer(address to, uint256 value) external onlyPayloadSize(2 * 32) {
        _move(msg.sender, to, value);
    }

    function transferFrom(address from, address to, uint256 value) external onlyPayloadSize(3 * 32) {
        uint256 allowed = allowance[from][msg.sender];
        require(allowed >= value);
        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - value;
        _move(from, to, value);
    }

    function approve(address spender, uint256 value) external onlyPayloadSize(2 * 32) {
        require(value == 0 || allowance[msg.sender][spender] == 0);
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
    }

    function _move(address from, address to, uint256 value) private {
        require(balanceOf[from] >= value);
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
