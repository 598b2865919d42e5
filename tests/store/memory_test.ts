import { memoryStore } from "../../lib/store/memory.ts";
import { storeContract } from "./store_contract.ts";

storeContract("memory", () => Promise.resolve({ store: memoryStore(), cleanup() {} }));
