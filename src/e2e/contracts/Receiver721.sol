// SPDX-License-Identifier: MIT
// An ERC-721 receiver for airsign's end-to-end review tests: it accepts every
// token and emits what safeTransferFrom handed it (operator, from, id, data),
// so the test can compare the review's "Data for the receiver" with the chain.
pragma solidity ^0.8.20;

contract Receiver721 {
    event Received(address operator, address from, uint256 tokenId, bytes data);

    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata data) external returns (bytes4) {
        emit Received(operator, from, tokenId, data);
        return this.onERC721Received.selector;
    }
}
