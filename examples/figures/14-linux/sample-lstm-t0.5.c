­‚;gL /* Copyright (C) 1999.
 * This file command */
#define PPC_ACP_CORTEX_CPU_IMC		0x55532
#define PPC_FEATURE_ID_INTEL_CPU_IMC		0x0000000000000000000000000000000000
#define PCI_DEVICE_ID_INTEL_CPU_CAPI_VMC		0x0000000000000000000000000000000000000000000000000000
#define PCI_STATUS_CPU_CPU_MASK		0x2004000000

#define PCI_DEVICE_ID_INTEL_CPU_VMRA_CORTEX_CLK_DIVICE_ID_INTEL_CPU_LOONG_CPU_IMC		0x5f0000000000000
#define PCI_CORE_LASTR		0x5054
#define PCI_CORE_MASK		0x200000000000000000
#define PCI_ID_INTEL_CPU_REGS_IMC		0x39004
#define MCFG_CL_CLOCK_CORE_IMC		0x450000000000
#define PCI_LOONG_CORT_CORE_POWERPC_LAST_CPLL_CPU_PART_CORTEX_CPU_LOONG_CA_IMC_CTL_FEATURE_CPU_IMC		0x035
#define PCI_DEVICE_ID_INTEL_CPU_ARM_CPU_I2S		0x35A4
#define LPC_CORE_CPU_CI		0x0000000000000000
#define PCI_STATUS_CPU_PART_PART_CORTEX_CLK_PCI_DEVICE_ID_INTEL_CPU_DIV_IMC		0x140000000
#define PCI_DEVICE_ID_INTEL_CFG2_CPU_VM_INTEL_CACHE_IMC		0x49404
#define PCI_DEVICE_ID_INTEL_CPU_MASK		0x50000000000000
#define SCLL_CPU_DEVICE_ID_INTEL_CPU_CORTEX_CDC		0x565
#define CP10_CORE_CLK_CPU_ARM_IMC_CPU_CACHEVER_PART_CORTEX_A810_IMC_DDR_CPU_ARM_TRAP		0x30000000
#define PCI_DEVICE_ID_INTEL_CPU_PART_CORTEX_IMC		0x99e011
#define PCI_STATUS_CPU_CORTEX_CCL_DTRACE_CPU_PART_BIT(3)
#define PCI_REGSYOV	0x000000000000000
#define PCI_STATUS_ARCH_POWERPC_CPU_PART_CORTEX_EXTERN_INLINE                                                                                                                                                                                                                                                                                                                                                                                                           ||                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                          \
	                                                                                                                                                                                                                                                   = 0x0000000000000) /* Ral 0x1 */
		                                                             __regset_instr(cpu), 0);

		/* Exter value */
		if (pte_struct *) {
			gpio_set_page(vcpu);
				goto fail_links[i].input;
			}
			case PTR_CORE_ID_DESCLL_ID_SRC_CONTRATE_DOWN(2);
				compat_msr = 0;
				gpio_set_page(vcpu);
					goto key_cpu_info = 0;
				gpio_set_value(NCORE_SIZE);
				goto value;
				goto uncore_sig[i].name;
				} else {
				gpio_set_fixup_create();
				goto bad_opting_set_regs;
					break;
					goto fail_sig_buff = value;
					boot_cpu_info = 1;
			}
				gpio_set_execute(pll0_put_constansition, 0);
				goto comp_instring;
					goto cpu_status;
				gpio_set_interception(dev->port.driver);
				goto data->alloc_subcore;
				if (buff_t & PCI_CORE_SIZE) {
				return 0;
				goto fail_get_register_info(KERN_INVALID && const->status & MCI_STATUS_ARD | SYSCLK_SIZE);
			break;
				clk_set_rate(&dpm_list_for_compatible);
			case PCI_SET_MASK_SIZE:
				compatile = cpu_has_desc_data->hw.driver = 0;
				gpio_set_handler(CPU_SIGND_INTEL_FOREAD);
			continue;
			}

				/* the set the set a so the not any the page a page the trigs */
			key_terned_comp(cpu_len);
				return -EINVAL;
			}
				goto type;
					continue;
				case PCI_VMD_STGPER:
				gpio_set_set_interception(dev, "Wata subtype %d\n",
				                                              "=r" (SPI_CORE_GPC), 0x000000000000000000000000000) ^ b->systore_code, " mask %0, ppc_inst %0, %0, %1, %0\n"														\
																																															\
		: "P" (volatile " " " " mask %0, %0\n", regs), "r" (PC_ID_CORTEX_SIZE), "r" (mask), " " (value) \
									              "parent->type), " : "=&r" (int)");																									\
																																								\
																																																				\
			"" "    "notable %s\n", "pll0_p", "pll_c", "gpio", "pll0_sysclk6", "dam1", "div_aclk_sub", "dev_addr_set_parent_stramsit",
						                                                         4,                                                                                     1, 0, 0, 22,                                                                                   , 7),
						                                            "r" (regs + 0x00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000),
					                   "%0, %0, %0, 0x10, b, "di", "pusb", "cpu", "pll0_sub",
					                    "c", "nother %0, %0", "pll0_sub", ")" " " 2", "vort" };
                                                                                                                                                                                                                                     "prepressifk %0"					\
			                                      __u32 = 1) }
							value = key_register_init(cpu_has_cpuinse);
					pr_err("PART */								\
																																																																																														\
																																																	\
																																											\
					"mov %0"
														      "pll0_synth");
			break;
				gpio_set_data = crypto_skcipher_desc = tegra_parent_name(ctx));
			return ret;
			}
			if (!(memc_compatible_exit) {
				gpio_set_callback_suspend(const_len);
				goto addr = param->slot_unlock;
			gpio_control = regs->const->section;
				gpio_set_page(vcpu);
				return -EINVAL;
		}
		}

			/* All caure of the signal status */
			rc = key_sectable_ctx(value);
		}
			break;
			case PCI_STATUS_INTEL_MAX_ERR "pll0_clk",
							   __mem_set_parent_buff_cpu(i_put_clk),
				.gpr[21] = tegra_clk_register_code(cpuclk_data, false);
				}
				}
			}
			}
				break;
			case PTR_ERR(2);
					break;
			case PART_PART_CORTEX_CPU_SIGN("Foadly %0, %0" };
		gpio_set_callback(struct clk_hw ******************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************/

static int syscon_t2mpll_clk_init(void)
{
	int retval;

	if (!ctx->pm_suspended_ctrl && interception;

	phys_cfg_file(&pdc_lock, flags);

	return regs->name;
}

static struct ata_struct crypto_subth_t crypto_set_pages_set_complete(struct clk_hw *hw)
{
	unsigned long target;
	unsigned long result;

	if (!regs) {
		if (!mask)
			goto i;
				value = 0;
				return ret;
		}

		else
								\
		name = hypfs_address_string(cpu);
				break;
				break;
			case PCI_GPIO_INTEL_CPU_SIZE " (4) }, struct *cpu_has_misc_regs *regs);

		return;
	}

	/* Nexady OMACK restart */

	/* Device Device the and the page a signed the register the handle */
	u390 = cpu;

	/*
	 * Copyright (C) 2010 bit (C) 2005 Gtel String bank */

static struct platform_device *ctx = {
	.name = "pll0_p",
	.desch = {
		.max_unlock_irq		= tegra_mmc_proc_init_info(cpu, 2, 1, 0, 0),
};

static struct acpi_ut_set_ctx {
	unsigned long comp_get_parent;

	if (error && dev->power.compressested)
		goto int ret;

	return 0;
}

static int data_status_set(void)
{
	unsigned long page;

	if (unlikely(cpu)
		return SYSCLK_STATUS_MASK;
	case PCI_DEVICE_ID_EVENT_EXTERN_INLINE u32 *ctx = page_get_rate(value));

	if (addr & MCA_STATUS_INTEL_CLR_ENABLE) {
		else if (addr & PCI_ID_INTEL_CORTEX_INSTR_FLAG_NAME)
				same = cpu_is_machine_page(addr);
				buff_error_interception(vcpu);
				return -ENOMEM;
			break;
			goto cpu_has_periph_desc = get_address;
			case PTR_ERR(xen_page);
			return 0;
			if (!(value && cpu_init(vcpu)) {
				if (instructions & PCI_GEN(PAGE_SIZE) {
				if (!div_name_set_data->hw) {
							if (i = 0) {
				mc_set_exec_t ret;
				comp_stream_call(vcpu);
					goto in++;
				break;
			goto fail_error = 0;
				break;
				break;
			}
			break;
			data = addr & 0x0000100;
			max_status &= MCI_STATUS_ERR(vcpu);
			gp_set_start = tegra_cpu_read_start();
				ret = dev->power.id = crypto_skcipher_register_charser(buff_set_crash_comp);
			goto is_get_rate_change(addr);
				return 0;
			}

					/* Reset the simples are status the schedule and signed a char */
				gpio_set_page(regs) & ACPI_FEATURENLATY | PSYCHO_ARM_CPU_PART_CHIP_DEVICE_DESTER_LONG_ENABLE |
																																																\
		      __asm__ __value__ ("Invalid %u\n", pll0_p_clk_set_clk_page));
				break;
				}
					break;
			}
				goto handle_name_pages;
			case MIDR_STATUS_INTEL_CAUP_LOONGSON_SIZE | IS_ERR(hw)) {
						goto regs->subtype;
					gpio_set_signed(cpu_table);
				crash_regs.start = clk_register_clkdev(clk, "svm_mmc_super",
					                        1 << 1);
				break;
			case PCI_INTEL_CFG_DEVICE_ID_EXTERN_CPU_BASE + 0x7fff,
					.gpr[0] = 0,
																					.gpr[22] = tegra_mutex_trust_set_data(clk_base);
				clk_register_clkdev(clk_base, 0, clk_base, NULL, 20, 0),
					.regs = clk_hw_register_exc_callback_set_clk_register_fixed_cause_clk_parent_callback,
																																																																																																															gpa_len, 0);
				clk_register_clks[CP110_GATE_CORTEX_REGSRA_22] = {
					.gpr[21] = &enum_clk_set_parentsen_clkdev,
																																																																								   "danch",
						        "pll0_sysclk_sigfig", "div_aclk_sub",
										   CLK_SIZE("mach", "div_aclk_spi_sub",
					.preprop_clk = {
				.gpr[21] = 1,
					.gpr[21] = 1,
				.gpr[21] = 0,
						.gpr[21] = S3C2410_GPC_MASK_REGSID_REGSON_DDR_CRUG,
						.flags = CLK_SET_RATE_PARENT,
					.subtegh = SVM_CPU_SIZE,
												   __PAGE_SIZE, 0, 0),
				.gpr[21] = 0,
				.gpr[21] = 0,
				.gpr[21] = 0,
					.gpr[21] = 0,
								    CLK_SET_RATE_ID_INTEL_CPU_SIZE,
																						    ARRAY_SIZE(buff_start_list);
				clk_register_clkdev(clk, "smmu_sub",
																	   "pll0_sysclk_sub",
										    CLK_SET_RATE_INTEL_PART_ARCH_32, 4, 1, 0),
				.gpr[22] = 0,
					.gpr[21] = 0,
				.gpr[21] = "switch",
				.instr = sclk_register_clks[CP110_GATE_SIZE] = &clk_base + ARM_CPU_SIZE;
				break;
			case PM_EXTRA_DEFSRE_ADDR:
				break;
			case PCI_STATUS_SIZE + 1;
				case PCI_DEVICE_ID_ERR "cby_sight",
																																																																														    "damap", "data-sclk_sub",
					    clk_data->hw.parent_name, KLB_STATUS_INSTR | _GPIO_INTEL_FULL,
					.data =